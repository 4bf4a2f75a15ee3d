/* Times libopendkim verification of one signed message, for
 * bench/dkim_vs_peers.sh. Keys come from a file (DKIM_QUERY_FILE:
 * "<selector>._domainkey.<domain> <record>" lines), so no DNS is involved.
 *
 * usage: opendkim_timing MESSAGE KEYFILE ITERATIONS
 * prints: {"impl":"libopendkim","op":"verify","bytes":N,"us":T}
 * With ITERATIONS 0 it only verifies once and prints "pass" (interop tests).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <opendkim/dkim.h>

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int verify_once(DKIM_LIB *lib, unsigned char *buf, size_t len) {
    DKIM_STAT status;
    DKIM *dkim = dkim_verify(lib, (const unsigned char *)"bench", NULL, &status);
    if (dkim == NULL)
        return -1;
    status = dkim_chunk(dkim, buf, len);
    if (status == DKIM_STAT_OK)
        status = dkim_chunk(dkim, NULL, 0);
    if (status == DKIM_STAT_OK)
        status = dkim_eom(dkim, NULL);
    dkim_free(dkim);
    return status == DKIM_STAT_OK ? 0 : (int)status;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s MESSAGE KEYFILE ITERATIONS\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)len);
    if (buf == NULL || fread(buf, 1, (size_t)len, f) != (size_t)len) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    fclose(f);
    int iterations = atoi(argv[3]);

    DKIM_LIB *lib = dkim_init(NULL, NULL);
    dkim_query_t method = DKIM_QUERY_FILE;
    dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_QUERYMETHOD, &method, sizeof method);
    dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_QUERYINFO, argv[2], strlen(argv[2]));

    int rc = verify_once(lib, buf, (size_t)len);
    if (rc != 0) {
        fprintf(stderr, "libopendkim does not verify the message (status %d)\n", rc);
        return 1;
    }
    if (iterations <= 0) {
        printf("pass\n");
        dkim_close(lib);
        free(buf);
        return 0;
    }
    double best = 1e30;
    for (int round = 0; round < 5; round++) {
        double start = now_us();
        for (int i = 0; i < iterations; i++)
            verify_once(lib, buf, (size_t)len);
        double per = (now_us() - start) / iterations;
        if (per < best)
            best = per;
    }
    printf("{\"impl\":\"libopendkim\",\"op\":\"verify\",\"bytes\":%ld,\"us\":%.2f}\n", len, best);
    dkim_close(lib);
    free(buf);
    return 0;
}
