# Dovecot IMAP server (Debian's package) for the tests of the IMAP mailbox reader (tests/stubs/imap_server.py).
# The tests start their own private instance on 127.0.0.1; the system service is not needed.
.PHONY: mail-deps

mail-deps:
	@test -x /usr/sbin/dovecot || command -v dovecot >/dev/null 2>&1 || { \
	  echo "Installation de Dovecot IMAP (paquet Debian)…"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dovecot-imapd; }
