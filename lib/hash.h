/*
 * hash: SHA-256 of files and byte streams (OpenSSL's EVP), as lowercase hex.
 * A struct hash must be ended with hash_final() or hash_release().
 */
#ifndef PANA_HASH_H
#define PANA_HASH_H

#include <stddef.h>

#include "err.h"

#define HASH_HEX_LEN 64

struct hash {
	void *ctx;
};

int hash_init(struct hash *h, struct err *e);
void hash_update(struct hash *h, const void *data, size_t len);
/* Writes 64 hex digits and a NUL into hex, and releases h. */
void hash_final(struct hash *h, char hex[HASH_HEX_LEN + 1]);
void hash_release(struct hash *h);
/* Hashes a whole file, streaming; -1 with e naming the reason. */
int hash_file(const char *path, char hex[HASH_HEX_LEN + 1], struct err *e);

#endif
