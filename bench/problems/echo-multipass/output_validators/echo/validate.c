/* validate input_file answer_file feedback_dir < program_output: the program must print the
 * input's number. After pass 1 (a number below 1000000) it writes nextpass.in with another
 * number, which asks for pass 2; pass 2 ends the test. */
#include <stdio.h>

int main(int argc, char **argv) {
  long number, got;
  char next[4096];
  FILE *in = fopen(argv[1], "r");
  if (!in || fscanf(in, "%ld", &number) != 1) return 1;
  if (scanf("%ld", &got) != 1 || got != number) return 43;
  if (number < 1000000) {
    snprintf(next, sizeof next, "%s/nextpass.in", argv[3]);
    FILE *out = fopen(next, "w");
    if (!out) return 1;
    fprintf(out, "%ld\n", number + 1000000);
    fclose(out);
  }
  return 42;
}
