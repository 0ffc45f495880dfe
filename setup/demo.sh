#!/usr/bin/env bash
# README command 1: a demo database with every addon of addons/ and demo data,
# served on http://localhost:8069 (login admin / admin).
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$REPO"
ensure_pdf_tools
exec "$PY" -m setup.demo "$@"
