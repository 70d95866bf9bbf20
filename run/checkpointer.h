/*
 * The WAL checkpointed on a thread of pana-run while the stages run. A
 * checkpoint copies the night's pages from the WAL into the database file
 * (650 MB at national scale); made by the stages, at their commits and
 * closes, it held them up (0.4-0.8 s of a national transform alone), where
 * a thread of pana-run does it on the core they leave free. pana-run
 * sets PANA_CHECKPOINTS=pana-run for its stages, whose connections then
 * leave the checkpoints to it (db_open), and its own connection, open all
 * night, makes none of theirs the last one, which would checkpoint on
 * closing.
 */
#ifndef PANA_RUN_CHECKPOINTER_H
#define PANA_RUN_CHECKPOINTER_H

#include <pthread.h>
#include <sqlite3.h>

#include "err.h"

struct checkpointer {
	sqlite3 *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int running, stop;
	long long frames;	/* copied into the file */
};

/* Opens the database and starts the thread, which checkpoints what the
   stages committed every CHECKPOINT_MS; -1 (err_io) when the database
   cannot be opened. Without a thread, the stages checkpoint themselves. */
int checkpointer_start(struct checkpointer *c, const char *database, struct err *e);
/* Stops the thread once its checkpoint is done; the WAL is then left to
   the last connection, as the stages' own. */
void checkpointer_stop(struct checkpointer *c);
/* Closes the connection: when it is the last one, SQLite copies the rest
   of the WAL into the file and removes it. */
void checkpointer_close(struct checkpointer *c);

#endif
