/* Greedy in input order, written for at most 20 parcels: it asserts that, and aborts on
 * the large tests (RUNTIME_ERROR), after scoring a little on the small ones. */
#include <assert.h>
#include <stdio.h>

int main(void) {
  int n, capacity, w[20], total = 0, count = 0, chosen[20];
  if (scanf("%d %d", &n, &capacity) != 2) return 1;
  assert(n <= 20);
  for (int i = 0; i < n; ++i) {
    if (scanf("%d", &w[i]) != 1) return 1;
    if (total + w[i] <= capacity) {
      total += w[i];
      chosen[count++] = i + 1;
    }
  }
  printf("%d\n", count);
  for (int k = 0; k < count; ++k) printf("%d%c", chosen[k], k + 1 < count ? ' ' : '\n');
  if (count == 0) printf("\n");
  return 0;
}
