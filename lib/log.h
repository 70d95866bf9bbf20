/*
 * log: timestamped messages on stderr, for the nightly log.
 *
 * Every line starts with an ISO 8601 UTC timestamp and the program name:
 * "2026-11-27T02:00:03Z pana-ingest: loaded 'lieux.csv': 1496 rows".
 * log_level decides what is printed: LOG_QUIET only errors, LOG_INFO the
 * default, LOG_DEBUG with -v.
 */
#ifndef PANA_LOG_H
#define PANA_LOG_H

enum log_level { LOG_QUIET = 0, LOG_INFO = 1, LOG_DEBUG = 2 };

extern enum log_level log_level;
extern const char *log_prog;

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes the current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out[21]. */
void log_now(char out[21]);

#endif
