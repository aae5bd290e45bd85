// Prints no memo at all: the validator rejects the first pass and no second pass runs.
int main() { return 0; }
