#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int hash_init(struct hash *h, struct err *e)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	h->ctx = NULL;
	if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return err_io(e, "cannot start SHA-256");
	}
	h->ctx = ctx;
	return 0;
}

void hash_update(struct hash *h, const void *data, size_t len)
{
	EVP_DigestUpdate(h->ctx, data, len);
}

void hash_final(struct hash *h, char hex[HASH_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	EVP_DigestFinal_ex(h->ctx, md, &n);
	for (i = 0; i < n && i < HASH_HEX_LEN / 2; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * i] = '\0';
	hash_release(h);
}

void hash_release(struct hash *h)
{
	if (!h->ctx)
		return;
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

int hash_file(const char *path, char hex[HASH_HEX_LEN + 1], struct err *e)
{
	struct hash h;
	char *mem;
	ssize_t n;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_errno(e, errno, "'%s': cannot open", path);
	mem = malloc(1 << 20);
	if (!mem || hash_init(&h, e)) {
		err_io(e, "'%s': out of memory", path);
		goto out_close;
	}
	while ((n = read(fd, mem, 1 << 20)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_io(e, "'%s': read error: %s", path, strerror(errno));
			hash_release(&h);
			goto out_close;
		}
		hash_update(&h, mem, (size_t)n);
	}
	hash_final(&h, hex);
	rc = 0;
out_close:
	free(mem);
	close(fd);
	return rc;
}
