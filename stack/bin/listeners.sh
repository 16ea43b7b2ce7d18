# shellcheck shell=bash
# Sourced by stack-selftest.sh and chaos-security.sh: the listening sockets of one process, and whether an
# address is the IPv4 loopback. (A library, not a command: it defines functions only.)

# listening_sockets PID: one line "PROTO LOCAL-ADDRESS:PORT" per listening TCP socket and bound UDP socket of PID
listening_sockets() { ss -Hlntup 2>/dev/null | awk -v p="pid=$1," 'index($0, p) {print $1, $5}'; }

# on_loopback ADDRESS:PORT: true for 127.0.0.1 (also in its IPv4-mapped IPv6 form)
on_loopback() { [[ $1 == 127.0.0.1:* || $1 == '[::ffff:127.0.0.1]:'* ]]; }
