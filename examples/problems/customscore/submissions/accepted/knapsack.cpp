// Exact subset sum with one bit set per prefix of the parcels, then a walk back.
#include <bitset>
#include <cstdio>
#include <vector>

int main() {
  int n, capacity;
  if (std::scanf("%d %d", &n, &capacity) != 2) return 1;
  std::vector<int> w(n);
  for (int &x : w) std::scanf("%d", &x);
  std::vector<std::bitset<100001>> reach(n + 1);
  reach[0][0] = 1;
  for (int i = 0; i < n; ++i) reach[i + 1] = reach[i] | (reach[i] << w[i]);
  int total = capacity;
  while (!reach[n][total]) --total;
  std::vector<int> chosen;
  for (int i = n; i >= 1; --i) {
    if (!reach[i - 1][total]) {
      chosen.push_back(i);
      total -= w[i - 1];
    }
  }
  std::printf("%zu\n", chosen.size());
  for (size_t k = chosen.size(); k-- > 0;) std::printf("%d%c", chosen[k], k ? ' ' : '\n');
  if (chosen.empty()) std::printf("\n");
  return 0;
}
