# Sends one gratuitous ARP (a request for the claimed address, from it) out of an interface.
# usage: garp.py IFACE SENDER_MAC CLAIMED_IP
import socket
import sys

iface, mac, ip = sys.argv[1], bytes.fromhex(sys.argv[2].replace(":", "")), socket.inet_aton(sys.argv[3])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
s.send(b"\xff" * 6 + mac + b"\x08\x06" + b"\x00\x01\x08\x00\x06\x04\x00\x01" + mac + ip + b"\x00" * 6 + ip)
