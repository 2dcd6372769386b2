// Size baseline: startup, vector table, fault handler and semihosting exit, nothing else.
int main() { return 0; }
