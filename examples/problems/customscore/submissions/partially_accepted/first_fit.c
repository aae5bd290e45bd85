/* Takes the parcels in input order while they fit: valid, but far from the best load.
 * ACCEPTED with a partial score. */
#include <stdio.h>

int main(void) {
  int n, capacity, w, total = 0, count = 0, chosen[100];
  if (scanf("%d %d", &n, &capacity) != 2) return 1;
  for (int i = 1; i <= n; ++i) {
    if (scanf("%d", &w) != 1) return 1;
    if (total + w <= capacity) {
      total += w;
      chosen[count++] = i;
    }
  }
  printf("%d\n", count);
  for (int k = 0; k < count; ++k) printf("%d%c", chosen[k], k + 1 < count ? ' ' : '\n');
  if (count == 0) printf("\n");
  return 0;
}
