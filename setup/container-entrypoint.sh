#!/bin/bash
# Entry point of the docker-compose services: installs the suite's Python
# requirements (once, into a volume) and the OCA addons, then runs Odoo
# with the right database and addons path.
set -euo pipefail
marker="$PIP_TARGET/.installed-$(cat /mnt/suite/setup/requirements*.txt | sha256sum | cut -c1-12)"
if [ ! -f "$marker" ]; then
    pip install --quiet --break-system-packages --target "$PIP_TARGET" \
        geopy==2.5.0 holidays==0.108 pyvrp==0.14.1 sepaxml==2.7.0 text-unidecode==1.3
    pip install --quiet --break-system-packages --no-deps --target "$PIP_TARGET" \
        -r /mnt/suite/setup/requirements-oca.txt
    touch "$marker"
fi
export PYTHONPATH="$PIP_TARGET${PYTHONPATH:+:$PYTHONPATH}"
shift  # the leading "odoo" of the compose command
exec odoo --db_host="$HOST" --db_user="$USER" --db_password="$PASSWORD" \
    --addons-path="/mnt/extra-addons,$PIP_TARGET/odoo/addons,/usr/lib/python3/dist-packages/odoo/addons" \
    "$@"
