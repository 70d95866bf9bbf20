#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "buf.h"
#include "text.h"

enum log_level log_level = LOG_INFO;
const char *log_prog = "pana";

void log_now(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void vlog(const char *tag, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT, line = BUF_INIT;
	char now[21];

	/* A message quotes names from outside (a file named with a newline or
	   ESC, bytes that are not UTF-8): one line, printable, whatever they
	   hold. */
	buf_vaddf(&msg, fmt, ap);
	text_escape(&line, msg.data, msg.len);
	log_now(now);
	fprintf(stderr, "%s %s: %s%s\n", now, log_prog, tag, line.data);
	buf_release(&msg);
	buf_release(&line);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error: ", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	if (log_level < LOG_INFO)
		return;
	va_start(ap, fmt);
	vlog("warning: ", fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_level < LOG_INFO)
		return;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	if (log_level < LOG_DEBUG)
		return;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}
