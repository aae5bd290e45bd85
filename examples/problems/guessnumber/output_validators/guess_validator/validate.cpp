// Interactive output validator of "guessnumber", following the Kattis/ICPC conventions:
//
//   validate input_file answer_file feedback_dir/ < submission_stdout > submission_stdin
//
// It reads the hidden number from input_file, then answers each guess the submission writes
// with "lower", "higher" or "correct". Exit 42 accepts, exit 43 rejects (with the reason in
// feedback_dir/judgemessage.txt and a short hint in teammessage.txt); any other exit is the
// validator's own failure, which the judge must report as a judge error.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

namespace {

const int kAccepted = 42;
const int kWrongAnswer = 43;
const int kMaxGuesses = 10;
const long kLow = 1;
const long kHigh = 1000;

std::string feedback_dir;

void append(const char *file, const std::string &line) {
  std::ofstream out(feedback_dir + file, std::ios::app);
  out << line << '\n';
}

[[noreturn]] void accept(const std::string &why) {
  append("judgemessage.txt", why);
  std::exit(kAccepted);
}

[[noreturn]] void reject(const std::string &why, const std::string &hint) {
  append("judgemessage.txt", why);
  append("teammessage.txt", hint);
  std::exit(kWrongAnswer);
}

[[noreturn]] void broken(const std::string &why) {
  std::fprintf(stderr, "validator failure: %s\n", why.c_str());
  std::exit(1);
}

// A guess is a plain decimal integer token; anything else is a wrong answer.
bool parse(const std::string &token, long &value) {
  if (token.empty() || token.size() > 18) return false;
  char *end = nullptr;
  errno = 0;
  value = std::strtol(token.c_str(), &end, 10);
  return errno == 0 && *end == '\0';
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 4) broken("usage: validate input_file answer_file feedback_dir/");
  // A submission that exits early closes its stdin; writing to it must not kill us.
  std::signal(SIGPIPE, SIG_IGN);
  feedback_dir = argv[3];
  std::ifstream input(argv[1]);
  long hidden = 0;
  if (!(input >> hidden) || hidden < kLow || hidden > kHigh) broken("bad input file");

  for (int guess = 1; guess <= kMaxGuesses; ++guess) {
    std::string token;
    if (!(std::cin >> token)) {
      reject("guess " + std::to_string(guess) + ": the submission wrote nothing more",
             "Your program stopped guessing before it found the number.");
    }
    long value = 0;
    if (!parse(token, value)) {
      reject("guess " + std::to_string(guess) + ": '" + token.substr(0, 30) +
                 "' is not an integer",
             "Each guess must be an integer on a line of its own.");
    }
    if (value < kLow || value > kHigh) {
      reject("guess " + std::to_string(guess) + ": " + token + " is outside 1..1000",
             "Guesses must lie between 1 and 1000.");
    }
    if (value == hidden) {
      std::cout << "correct" << std::endl;
      std::string trailing;
      // Waits until the submission closes its stdout (exits, or is stopped at its limit).
      if (std::cin >> trailing) {
        reject("output after the correct guess: '" + trailing.substr(0, 30) + "'",
               "Stop writing once you hear 'correct'.");
      }
      accept("found " + std::to_string(hidden) + " in " + std::to_string(guess) + " guesses");
    }
    std::cout << (value < hidden ? "higher" : "lower") << std::endl;
  }
  reject("no correct guess among the first " + std::to_string(kMaxGuesses),
         "You ran out of guesses: halve the range with every guess.");
}
