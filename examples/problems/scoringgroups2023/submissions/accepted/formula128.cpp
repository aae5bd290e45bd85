// Closed form in 128-bit arithmetic: n(n+1)/2 <= 5*10^35 fits below 2^127.
#include <cstdio>
#include <string>

int main() {
  unsigned long long n;
  if (std::scanf("%llu", &n) != 1) return 1;
  unsigned __int128 sum = (unsigned __int128)n * (n + 1) / 2;
  std::string digits;
  do {
    digits.insert(digits.begin(), char('0' + (int)(sum % 10)));
    sum /= 10;
  } while (sum > 0);
  std::printf("%s\n", digits.c_str());
  return 0;
}
