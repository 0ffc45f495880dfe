#!/usr/bin/env bash
# Run one of the setup/ helpers inside the prepared environment, e.g.
#   bash setup/run.sh i18n contract_recurring    # export .pot, merge it.po
#   bash setup/run.sh demo --reset               # what setup/demo.sh does
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$REPO"
module=$1
shift
exec "$PY" -m "setup.$module" "$@"
