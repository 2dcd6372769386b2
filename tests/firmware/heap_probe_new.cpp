// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Uses operator new: must NOT link as firmware (no heap). Built only by the no_heap tests.
int main() {
    int* volatile p = new int(7);
    const int value = *p;
    delete p;
    return value == 7 ? 0 : 1;
}
