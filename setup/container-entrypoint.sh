#!/bin/bash
# Entry point of the docker-compose services that run the official odoo:18.0
# image (odoo, odoo-init): installs the addons' Python requirements (once,
# into a volume) and the OCA addons, then runs Odoo with the right database
# and addons path. An argument "@suite-addons" becomes every installable
# addon of addons/, the list that setup/test.sh tests (setup/odoo_suite.py).
set -euo pipefail
suite=/mnt/suite
marker="$PIP_TARGET/.installed-$(cat "$suite"/setup/requirements*.txt | sha256sum | cut -c1-12)"
if [ ! -f "$marker" ]; then
    # the addons' own requirements of setup/requirements.txt (Odoo's are in the image)
    sed -n "/^# the addons' own requirements/,/^#/{/^[^#]/p}" "$suite/setup/requirements.txt" \
        >/tmp/addon-requirements.txt
    pip install --quiet --break-system-packages --target "$PIP_TARGET" -r /tmp/addon-requirements.txt
    pip install --quiet --break-system-packages --no-deps --target "$PIP_TARGET" \
        -r "$suite/setup/requirements-oca.txt"
    touch "$marker"
fi
export PYTHONPATH="$PIP_TARGET${PYTHONPATH:+:$PYTHONPATH}"
suite_addons=$(cd "$suite" && python3 -m setup.odoo_suite addons)
args=()
for arg in "$@"; do
    args+=("${arg//@suite-addons/$suite_addons}")
done
exec odoo --db_host="$HOST" --db_user="$USER" --db_password="$PASSWORD" \
    --addons-path="/mnt/extra-addons,$PIP_TARGET/odoo/addons,/usr/lib/python3/dist-packages/odoo/addons" \
    "${args[@]:1}"
