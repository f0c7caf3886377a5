// Prints a small CGI response and exits: what every Swift function pays before doing any work.
print("Status: 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"ok\":true}\n", terminator: "")
