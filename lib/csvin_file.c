/*
 * csvin: reading a whole file (csvin_file), on the caller's thread or on
 * two, and the threads the readers start (csvin_thread_start); the parser
 * itself is in csvin.c.
 */
#include "csvin.h"
#include "xalloc.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "csvin_impl.h"

int csvin_thread_start(pthread_t *th, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	int rc;

	if (pthread_attr_init(&attr))
		return -1;
	/* The default stack (often 8 MiB) is address space for nothing:
	   under a memory limit (ulimit -v) it is what fails first. */
	pthread_attr_setstacksize(&attr, CSVIN_THREAD_STACK);
	rc = pthread_create(th, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	return rc ? -1 : 0;
}

/* ---- reading a file, on one thread or two ------------------------------
 *
 * With two threads, the reading thread parses and packs records into
 * batches (one buffer each: a header, the raw bytes, the reason, the field
 * lengths, the fields), and the caller's thread unpacks them and runs the
 * callback. At most PIPE_DEPTH batches wait, so memory stays bounded.
 */

#define PIPE_DEPTH 4
#define BATCH_BYTES (512 * 1024)	/* unless csvin_file_opts.batch says */

struct batch {
	struct buf data;
	unsigned long long done;	/* bytes read when it was sealed */
	int eof, failed;
	struct err err;
	struct batch *next;
};

struct rec_head {
	long index, line;
	size_t nfields, raw_len, reason_len, prep_len;
	int bad_field, unterminated, encoding, kept;
	char delimiter;
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_get;
	struct batch *head, *tail, *spare;
	int queued, stop;
	/* With o->prepare: the consumer is running the callback on a batch
	   (busy); go: 0 until csvin_file_go(), then 1, or 2 to prepare. The
	   producer's copy of go, and its prepare output. */
	int busy, go, go_seen;
	struct buf prep;
	struct batch *cur;
	struct csvin *c;
	int fd;
	const struct csvin_file_opts *o;
	size_t batch_bytes;
	/* consumer side */
	char **field;
	size_t *len, cap;
};

static struct batch *batch_take(struct pipe *p)
{
	struct batch *b;

	pthread_mutex_lock(&p->mu);
	b = p->spare;
	if (b)
		p->spare = b->next;
	pthread_mutex_unlock(&p->mu);
	if (!b) {
		b = calloc(1, sizeof(*b));
		if (!b)
			xalloc_die();
		buf_init(&b->data);
	}
	buf_reset(&b->data);
	b->done = 0;
	b->eof = b->failed = 0;
	b->next = NULL;
	return b;
}

/* Queues b for the consumer, which owns it from then on: the reading
   thread must not touch it again. Returns -1 when the consumer asked to
   stop (b is queued all the same, for the consumer to recycle). */
static int batch_push(struct pipe *p, struct batch *b)
{
	int stop;

	pthread_mutex_lock(&p->mu);
	while (p->queued >= PIPE_DEPTH && !p->stop)
		pthread_cond_wait(&p->can_put, &p->mu);
	stop = p->stop;
	if (p->tail)
		p->tail->next = b;
	else
		p->head = b;
	p->tail = b;
	p->queued++;
	pthread_cond_signal(&p->can_get);
	pthread_mutex_unlock(&p->mu);
	return stop ? -1 : 0;
}

static int pack_record(void *ctx, const struct csvin_record *r, struct err *e)
{
	struct pipe *p = ctx;
	struct rec_head h;
	size_t i;

	(void)e;
	buf_reset(&p->prep);
	if (p->go_seen == 2)
		p->o->prepare(p->o->ctx, r, &p->prep);
	h.prep_len = p->prep.len;
	h.index = r->index;
	h.line = r->line;
	h.nfields = r->nfields;
	h.raw_len = r->raw_len;
	h.reason_len = r->bad_reason ? strlen(r->bad_reason) : 0;
	h.bad_field = r->bad_field;
	h.unterminated = r->unterminated;
	h.kept = r->kept_utf8 != NULL;
	h.encoding = (int)r->encoding;
	h.delimiter = r->delimiter;
	{
		struct buf *b = &p->cur->data;
		size_t need = sizeof(h) + h.raw_len + h.reason_len + 1 + h.prep_len +
			r->nfields * sizeof(size_t) + (h.kept ? r->nfields : 0);
		char *d;

		for (i = 0; i < r->nfields; i++)
			need += r->len[i] + 1;
		buf_grow(b, need);
		d = b->data + b->len;
		memcpy(d, &h, sizeof(h));
		d += sizeof(h);
		if (h.raw_len)
			memcpy(d, r->raw, h.raw_len);
		d += h.raw_len;
		memcpy(d, r->bad_reason ? r->bad_reason : "", h.reason_len);
		d += h.reason_len;
		*d++ = '\0';
		if (h.prep_len)
			memcpy(d, p->prep.data, h.prep_len);
		d += h.prep_len;
		if (r->nfields)	/* an empty last record has no field array */
			memcpy(d, r->len, r->nfields * sizeof(size_t));
		d += r->nfields * sizeof(size_t);
		if (h.kept) {
			memcpy(d, r->kept_utf8, r->nfields);
			d += r->nfields;
		}
		for (i = 0; i < r->nfields; i++) {
			memcpy(d, r->field[i], r->len[i] + 1);
			d += r->len[i] + 1;
		}
		b->len += need;
		b->data[b->len] = '\0';
	}
	if (p->cur->data.len >= p->batch_bytes || (p->o->prepare && !p->go_seen)) {
		struct batch *full = p->cur;
		int stop;

		/* Open the next batch even when stopping: the full one is the
		   consumer's now, and the producer still seals a last one. */
		full->done = p->c->bytes;
		p->cur = batch_take(p);
		stop = batch_push(p, full);
		if (stop)
			return -1;
		if (p->o->prepare && !p->go_seen) {
			/* The callback sets up what prepare reads: wait for it. */
			pthread_mutex_lock(&p->mu);
			while ((p->queued || p->busy) && !p->stop)
				pthread_cond_wait(&p->can_put, &p->mu);
			p->go_seen = p->go;
			stop = p->stop;
			pthread_mutex_unlock(&p->mu);
			if (stop)
				return -1;
		}
	}
	return 0;
}

/* Feeds the reader from fd until the end; the reader's callback runs. */
static int read_all(struct csvin *c, int fd, const struct csvin_file_opts *o, struct err *e)
{
	size_t chunk = o && o->chunk ? o->chunk : 256 * 1024;
	char *mem = malloc(chunk);
	ssize_t n;
	int rc = -1;

	if (!mem)
		return err_io(e, "out of memory");
	for (;;) {
		n = read(fd, mem, chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_io(e, "read error: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (csvin_feed(c, mem, (size_t)n, e))
			goto out;
		if (o && o->progress && !o->threaded)
			o->progress(o->ctx, c->bytes);
	}
	rc = csvin_finish(c, e);
out:
	free(mem);
	return rc;
}

static void *producer(void *arg)
{
	struct pipe *p = arg;
	struct batch *last;
	struct err e;
	int rc;

	memset(&e, 0, sizeof(e));
	rc = read_all(p->c, p->fd, p->o, &e);
	last = p->cur;
	p->cur = NULL;
	last->eof = 1;
	last->failed = rc != 0;
	last->err = e;
	last->done = p->c->bytes;
	batch_push(p, last);
	return NULL;
}

static void unpack_field_arrays(struct pipe *p, size_t n)
{
	if (n <= p->cap)
		return;
	p->cap = n * 2;
	p->field = realloc(p->field, p->cap * sizeof(*p->field));
	p->len = realloc(p->len, p->cap * sizeof(*p->len));
	if (!p->field || !p->len)
		xalloc_die();
}

/* Runs fn on each record of batch b; returns -1 if fn failed. */
static int unpack(struct pipe *p, struct batch *b, csvin_fn fn, void *ctx, struct err *e)
{
	char *d = b->data.data, *end = d + b->data.len;

	while (d < end) {
		struct rec_head h;
		struct csvin_record r;
		size_t i;

		memcpy(&h, d, sizeof(h));
		d += sizeof(h);
		r.index = h.index;
		r.line = h.line;
		r.nfields = h.nfields;
		r.raw = d;
		r.raw_len = h.raw_len;
		d += h.raw_len;
		r.bad_field = h.bad_field;
		r.bad_reason = h.bad_field >= 0 ? d : NULL;
		r.unterminated = h.unterminated;
		r.encoding = (enum csvin_encoding)h.encoding;
		r.delimiter = h.delimiter;
		d += h.reason_len + 1;
		r.prep = h.prep_len ? d : NULL;
		r.prep_len = h.prep_len;
		d += h.prep_len;
		unpack_field_arrays(p, h.nfields + 1);
		if (h.nfields)
			memcpy(p->len, d, h.nfields * sizeof(size_t));
		d += h.nfields * sizeof(size_t);
		r.kept_utf8 = h.kept ? d : NULL;
		d += h.kept ? h.nfields : 0;
		for (i = 0; i < h.nfields; i++) {
			p->field[i] = d;
			d += p->len[i] + 1;
		}
		r.field = p->field;
		r.len = p->len;
		if (fn(ctx, &r, e))
			return -1;
	}
	return 0;
}

/* The next batch the producer pushed, waiting for it. */
static struct batch *batch_pop(struct pipe *p)
{
	struct batch *b;

	pthread_mutex_lock(&p->mu);
	while (!p->head)
		pthread_cond_wait(&p->can_get, &p->mu);
	b = p->head;
	p->head = b->next;
	if (!p->head)
		p->tail = NULL;
	p->queued--;
	p->busy = 1;
	pthread_cond_signal(&p->can_put);
	pthread_mutex_unlock(&p->mu);
	return b;
}

/* Gives a batch read back to the producer, for its next records. */
static void batch_recycle(struct pipe *p, struct batch *b)
{
	pthread_mutex_lock(&p->mu);
	b->next = p->spare;
	p->spare = b;
	p->busy = 0;
	pthread_cond_signal(&p->can_put);
	pthread_mutex_unlock(&p->mu);
}

void csvin_file_go(struct csvin *c, int prepare)
{
	struct pipe *p = c->s ? c->s->pipe : NULL;

	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->go = prepare ? 2 : 1;
	pthread_mutex_unlock(&p->mu);
}

/* Tells the producer to stop reading (the callback failed). */
static void pipe_stop(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_signal(&p->can_put);
	pthread_mutex_unlock(&p->mu);
}

static int file_threaded(struct csvin *c, int fd, const struct csvin_file_opts *o,
			 struct err *e)
{
	struct csvin_state *s = c->s;
	csvin_fn fn = s->fn;
	void *ctx = s->ctx;
	struct pipe p;
	pthread_t th;
	struct batch *b;
	int rc = 0, done = 0, stopped = 0;

	memset(&p, 0, sizeof(p));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.can_put, NULL);
	pthread_cond_init(&p.can_get, NULL);
	p.c = c;
	p.fd = fd;
	p.o = o;
	p.batch_bytes = o->batch ? o->batch : BATCH_BYTES;
	buf_init(&p.prep);
	s->pipe = &p;
	p.cur = batch_take(&p);
	s->fn = pack_record;
	s->ctx = &p;
	if (csvin_thread_start(&th, producer, &p)) {
		rc = err_io(e, "out of memory: cannot start a thread");
		p.spare = p.cur;
		p.cur = NULL;
		goto out_free_batches;
	}
	/* Every batch the producer pushes is taken here once and recycled,
	   whatever happens: after an error of the callback the producer is
	   told to stop, and its batches are drained up to the last one. */
	while (!done) {
		b = batch_pop(&p);
		if (!rc && unpack(&p, b, fn, ctx, e)) {
			rc = -1;
			stopped = 1;
			pipe_stop(&p);
		}
		if (!rc && o && o->progress)
			o->progress(o->ctx, b->done);
		done = b->eof;
		if (b->eof && b->failed && !rc) {
			*e = b->err;
			rc = -1;
		}
		batch_recycle(&p, b);
	}
	pthread_join(th, NULL);
	assert(!p.head && !p.cur);
	/* The callback failed: the reader stays failed, as on one thread. */
	if (stopped)
		s->failed = 1;
out_free_batches:
	s->fn = fn;
	s->ctx = ctx;
	s->pipe = NULL;
	buf_release(&p.prep);
	while ((b = p.spare)) {
		p.spare = b->next;
		buf_release(&b->data);
		free(b);
	}
	free(p.field);
	free(p.len);
	pthread_cond_destroy(&p.can_put);
	pthread_cond_destroy(&p.can_get);
	pthread_mutex_destroy(&p.mu);
	return rc;
}

int csvin_file(struct csvin *c, const char *path, const struct csvin_file_opts *o,
	       struct err *e)
{
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_errno(e, errno, "cannot open");
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	if (o && o->threaded)
		rc = file_threaded(c, fd, o, e);
	else
		rc = read_all(c, fd, o, e);
	close(fd);
	return rc;
}
