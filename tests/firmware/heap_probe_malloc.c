/* Distributed under the Boost Software License, Version 1.0 (see LICENSE). */
/* Uses malloc: must NOT link as firmware (no heap). Built only by the no_heap tests. */
#include <stdlib.h>

int main(void) {
    char* volatile p = malloc(16);
    p[0] = 1;
    free(p);
    return 0;
}
