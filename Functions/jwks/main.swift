print("Status: 501 Not Implemented\r\nContent-Type: text/plain\r\n\r\nnot built yet")
