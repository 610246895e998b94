/* tool/io.c - rcsim io: host writes (pattern or file), reads, digests. */
#include "tool/tool.h"

#include "sim/clock.h"
#include "util/base64.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IO_CHUNK_SHOWN (4u << 20)   /* smaller pieces when progress shows */
#define IO_PROGRESS_MIN (8u << 20)  /* no bar for writes done in a blink */

static const struct tool_opt io_opts[] = {
    { "--offset N", "where the I/O starts, in bytes (K/M/G/T suffixes: powers of 1024)",
      NULL, NULL },
    { "--length N", "how many bytes (write --file: at most the file's size)",
      "write --file: the whole file", NULL },
    { "--pattern SEED", "write the reproducible data stream of that seed (no data "
      "travels: fast for large writes)", NULL, NULL },
    { "--file F", "write the bytes of file F (sent in pieces; a progress bar on stderr when "
      "it is a terminal)", NULL, NULL },
    { "--out F", "read: write the bytes to F", "stdout", NULL },
    { NULL, NULL, NULL, NULL },
};

const struct tool_doc io_doc = {
    .usage = "io write <array> <vv> --offset N --length N (--pattern SEED | --file F)\n"
             "io read <array> <vv> --offset N --length N [--out F]\n"
             "io digest <array> <vv>",
    .summary = "host I/O on a volume or snapshot; digest proves data",
    .text = "What a host attached to the array would do: writes go through remote copy like "
            "any host write (replicated, logged or queued by the group's mode). digest "
            "prints one hex line for the whole volume: equal digests mean equal size and "
            "data; it costs the blocks written, never the volume size.",
    .opts = io_opts,
    .example = "rcsim io write site-a vol1 --offset 0 --length 1M --pattern 7\n"
               "rcsim io digest site-a vol1",
};

struct io_args {
    const char *array, *vv, *pattern, *file, *out;
    uint64_t offset, length;
    bool has_offset, has_length;
};

static int parse_io_args(int argc, char **argv, struct cx *cx, struct io_args *a)
{
    static const struct option longopts[] = {
        { "offset", required_argument, NULL, 'o' },
        { "length", required_argument, NULL, 'l' },
        { "pattern", required_argument, NULL, 'p' },
        { "file", required_argument, NULL, 'f' },
        { "out", required_argument, NULL, 'O' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (rc_parse_bytes(optarg, &a->offset))
                return tool_usage_error(cx, "--offset must be a size (K/M/G/T), not '%s'", optarg);
            a->has_offset = true;
            break;
        case 'l':
            if (rc_parse_bytes(optarg, &a->length))
                return tool_usage_error(cx, "--length must be a size (K/M/G/T), not '%s'", optarg);
            a->has_length = true;
            break;
        case 'p': a->pattern = optarg; break;
        case 'f': a->file = optarg; break;
        case 'O': a->out = optarg; break;
        default: return tool_usage_error(cx, "unknown option");
        }
    }
    if (argc - optind != 2)
        return tool_usage_error(cx, "expected <array> <volume>");
    a->array = argv[optind];
    a->vv = argv[optind + 1];
    return 0;
}

/* A progress bar on stderr for long writes, when stderr is a terminal:
 * bytes done, the rate and the time left, redrawn in place. */
struct progress {
    bool on;
    uint64_t total;
    int64_t start_ms;
};

static void progress_start(struct progress *pg, uint64_t total)
{
    pg->on = isatty(STDERR_FILENO) && total >= IO_PROGRESS_MIN;
    pg->total = total;
    pg->start_ms = sim_mono_ms();
}

static void progress_show(const struct progress *pg, uint64_t done)
{
    if (!pg->on)
        return;
    double secs = (double)(sim_mono_ms() - pg->start_ms) / 1000;
    double rate = secs > 0 ? (double)done / secs : 0;
    fprintf(stderr, "\r%8.1f MiB / %.1f MiB  %3.0f%%  %6.1f MiB/s", (double)done / 1048576,
            (double)pg->total / 1048576, pg->total ? 100.0 * (double)done / (double)pg->total
                                                   : 100.0, rate / 1048576);
    if (rate > 0 && done < pg->total)
        fprintf(stderr, "  ETA %.0fs", (double)(pg->total - done) / rate);
    fputs("\033[K", stderr);
    fflush(stderr);
}

static void progress_end(const struct progress *pg)
{
    if (pg->on)
        fputc('\n', stderr);
}

static char *vv_path(const struct io_args *a, const char *what)
{
    char *ea = ctl_client_escape(a->array), *ev = ctl_client_escape(a->vv);
    char *p = xasprintf("/arrays/%s/volumes/%s/%s", ea, ev, what);
    free(ea);
    free(ev);
    return p;
}

static int io_write(struct cx *cx, struct io_args *a)
{
    if (!a->has_offset)
        return tool_usage_error(cx, "missing --offset");
    if (!a->pattern == !a->file)
        return tool_usage_error(cx, "give one of --pattern SEED or --file F");
    char *path = vv_path(a, "write");
    int ret = EXIT_OK;
    uint64_t written = 0;
    if (a->pattern) {
        int64_t seed;
        if (!a->has_length) {
            free(path);
            return tool_usage_error(cx, "missing --length");
        }
        if (rc_parse_i64(a->pattern, &seed) || seed < 0) {
            free(path);
            return tool_usage_error(cx, "--pattern must be a non-negative integer seed");
        }
        cJSON *body = json_object();
        json_put_num(body, "offset", (double)a->offset);
        json_put_num(body, "length", (double)a->length);
        json_put_int(body, "pattern", seed);
        ret = tool_call(cx, "POST", path, body, 3600, NULL);
        written = a->length;
    } else {
        char errbuf[512];
        size_t size;
        char *data = tool_read_file(a->file, &size, errbuf, sizeof(errbuf));
        if (!data) {
            free(path);
            fprintf(stderr, "rcsim io: %s\n", errbuf);
            return EXIT_REFUSED;
        }
        if (a->has_length && a->length > size) {
            free(data);
            free(path);
            fprintf(stderr, "rcsim io: '%s' holds %zu bytes, fewer than --length\n", a->file,
                    size);
            return EXIT_REFUSED;
        }
        uint64_t total = a->has_length ? a->length : size;
        struct progress pg;
        progress_start(&pg, total);
        size_t chunk = pg.on ? IO_CHUNK_SHOWN : IO_CHUNK;
        while (ret == EXIT_OK && written < total) {
            size_t n = total - written > chunk ? chunk : (size_t)(total - written);
            char *b64 = rc_base64_encode(data + written, n);
            cJSON *body = json_object();
            json_put_num(body, "offset", (double)(a->offset + written));
            json_put_str(body, "data", b64);
            free(b64);
            ret = tool_call(cx, "POST", path, body, 3600, NULL);
            if (ret == EXIT_OK)
                written += n;
            progress_show(&pg, written);
        }
        progress_end(&pg);
        free(data);
    }
    free(path);
    if (ret == EXIT_OK && !cx->json)
        printf("wrote %llu bytes at offset %llu of %s/%s\n", (unsigned long long)written,
               (unsigned long long)a->offset, a->array, a->vv);
    else if (ret == EXIT_OK)
        printf("{\"offset\": %llu, \"length\": %llu}\n", (unsigned long long)a->offset,
               (unsigned long long)written);
    return ret;
}

static int io_read(struct cx *cx, struct io_args *a)
{
    if (!a->has_offset || !a->has_length)
        return tool_usage_error(cx, "give --offset and --length");
    char *base = vv_path(a, "read");
    char *path = xasprintf("%s?offset=%llu&length=%llu", base, (unsigned long long)a->offset,
                           (unsigned long long)a->length);
    free(base);
    struct ctl_reply r = CTL_REPLY_INIT;
    char errbuf[512];
    int rc = ctl_client_call(cx->client, "GET", path, NULL, 3600, &r, errbuf, sizeof(errbuf));
    free(path);
    if (rc) {
        fprintf(stderr, "rcsim io: %s\n", errbuf);
        return EXIT_REFUSED;
    }
    if (r.status != 200) {
        tool_print_refusal(cx, &r);
        ctl_reply_release(&r);
        return EXIT_REFUSED;
    }
    int ret = EXIT_OK;
    FILE *f = a->out ? fopen(a->out, "wb") : stdout;
    if (!f || fwrite(r.body, 1, r.len, f) != r.len || (a->out ? fclose(f) : fflush(f))) {
        fprintf(stderr, "rcsim io: cannot write '%s': %s\n", a->out ? a->out : "stdout",
                strerror(errno));
        ret = EXIT_REFUSED;
    }
    ctl_reply_release(&r);
    return ret;
}

static void human_digest(const cJSON *j)
{
    puts(tool_jstr(j, "digest"));
}

int cmd_io(int argc, char **argv, struct cx *cx)
{
    struct io_args a = { 0 };
    if (argc < 2)
        return tool_usage_error(cx, "missing write, read or digest");
    int rc = parse_io_args(argc - 1, argv + 1, cx, &a);
    if (rc)
        return rc;
    if (strcmp(argv[1], "write") == 0)
        return io_write(cx, &a);
    if (strcmp(argv[1], "read") == 0)
        return io_read(cx, &a);
    if (strcmp(argv[1], "digest") == 0) {
        cJSON *j;
        char *path = vv_path(&a, "digest");
        rc = tool_call(cx, "GET", path, NULL, 3600, &j);
        free(path);
        return rc ? rc : tool_show(cx, j, human_digest);
    }
    return tool_usage_error(cx, "unknown io action '%s'", argv[1]);
}

