/* validate input_file answer_file feedback_dir < program_output: 42 when the program printed the
 * input's number, else 43. */
#include <stdio.h>

int main(int argc, char **argv) {
  long expected, got;
  FILE *in = fopen(argv[1], "r");
  if (!in || fscanf(in, "%ld", &expected) != 1) return 1;
  if (scanf("%ld", &got) != 1 || got != expected) return 43;
  return 42;
}
