/* The C floor (orientation only): fork + exec + write + exit of a static C program. */
#include <unistd.h>

int main(void) {
    static const char response[] =
        "Status: 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"ok\":true}\n";
    return write(1, response, sizeof response - 1) == (ssize_t)(sizeof response - 1) ? 0 : 1;
}
