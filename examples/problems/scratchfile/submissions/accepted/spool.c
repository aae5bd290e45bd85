/* Copies the input to a file in the working directory, then sums it read back. Leaves the file
 * behind on purpose: the next run must not see it. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  FILE *seen = fopen("spool.txt", "r");
  if (seen) return 3;
  FILE *spool = fopen("spool.txt", "w");
  if (!spool) return 2;
  int c;
  while ((c = getchar()) != EOF) fputc(c, spool);
  fclose(spool);
  spool = fopen("spool.txt", "r");
  long long sum = 0, x;
  while (fscanf(spool, "%lld", &x) == 1) sum += x;
  printf("%lld\n", sum);
  return 0;
}
