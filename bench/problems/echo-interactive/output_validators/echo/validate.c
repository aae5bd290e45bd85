/* validate input_file answer_file feedback_dir < program_output > program_input: sends the
 * input's number, reads the program's answer; 42 when it is the same number, else 43. */
#include <stdio.h>

int main(int argc, char **argv) {
  long number, got;
  FILE *in = fopen(argv[1], "r");
  if (!in || fscanf(in, "%ld", &number) != 1) return 1;
  printf("%ld\n", number);
  fflush(stdout);
  if (scanf("%ld", &got) != 1 || got != number) return 43;
  return 42;
}
