// Returns 42 from main: the test checks that main's value becomes QEMU's exit status.
int main() { return 42; }
