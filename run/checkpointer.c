/*
 * The WAL checkpointed on a thread of pana-run (checkpointer.h).
 */
#include "checkpointer.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "log.h"

#define CHECKPOINT_MS 50

/* PASSIVE: copies what no reader still needs, never waits for one, and
   lets the stages write on; SQLITE_BUSY when a stage's own checkpoint
   runs, which then does the work. */
static void *checkpoint_loop(void *arg)
{
	struct checkpointer *c = arg;
	struct timespec until;
	int log, done, last = 0;

	pthread_mutex_lock(&c->lock);
	while (!c->stop) {
		pthread_mutex_unlock(&c->lock);
		log = done = -1;
		if (sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log,
					      &done) == SQLITE_OK && done >= 0) {
			/* The WAL starts again from its first frame once all of
			   it is in the file. */
			c->frames += done >= last ? done - last : done;
			last = done;
		}
		pthread_mutex_lock(&c->lock);
		clock_gettime(CLOCK_MONOTONIC, &until);	/* the condition's clock */
		until.tv_nsec += CHECKPOINT_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		if (!c->stop)
			pthread_cond_timedwait(&c->wake, &c->lock, &until);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

int checkpointer_start(struct checkpointer *c, const char *database, struct err *e)
{
	pthread_condattr_t attr;

	c->running = c->stop = 0;
	c->frames = 0;
	if (db_open(&c->db, database, e))
		return -1;
	/* Ticks on the monotonic clock: a wall clock set back in the night
	   would hold the thread, and the WAL would grow as long. */
	pthread_mutex_init(&c->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&c->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (setenv("PANA_CHECKPOINTS", "pana-run", 1) ||
	    pthread_create(&c->thread, NULL, checkpoint_loop, c)) {
		unsetenv("PANA_CHECKPOINTS");
		log_debug("no thread to checkpoint the WAL: the stages do");
		return 0;
	}
	c->running = 1;
	return 0;
}

void checkpointer_stop(struct checkpointer *c)
{
	if (!c->running)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	c->running = 0;
	unsetenv("PANA_CHECKPOINTS");
	log_debug("%lld WAL frames checkpointed as the stages ran", c->frames);
}

void checkpointer_close(struct checkpointer *c)
{
	checkpointer_stop(c);
	db_close(c->db);
	c->db = NULL;
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
}
