# Shared by infra/run, infra/test and the benchmarks: installing what Gatehouse needs and running a
# private redis-server. Sourced, not executed.

GATEHOUSE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Installs the Debian packages named, if any is missing (as root, or through sudo).
ensure_debian_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Installs the Python packages the interoperability tests verify tokens and webhook signatures with.
ensure_python_packages() {
    python3 -c 'import jwt, joserfc, cryptography, standardwebhooks' 2>/dev/null && return 0
    echo "==> installing pyjwt, joserfc, cryptography and standardwebhooks from PyPI"
    python3 -m pip install --quiet --disable-pip-version-check pyjwt joserfc cryptography standardwebhooks 2>/dev/null \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages pyjwt joserfc cryptography \
            standardwebhooks
}

# Installs ministack (the local AWS emulator the Lambda end-to-end test runs) in its own virtual
# environment under .build/, so its dependencies never touch the system's Python packages; sets
# MINISTACK_PYTHON to that environment's python.
ensure_ministack() {
    local venv="$GATEHOUSE_ROOT/.build/ministack-venv"
    MINISTACK_PYTHON="$venv/bin/python"
    "$MINISTACK_PYTHON" -c 'import ministack' 2>/dev/null && return 0
    echo "==> installing ministack from PyPI (in $venv)"
    python3 -m venv "$venv" 2>/dev/null || { ensure_debian_packages python3-venv && python3 -m venv "$venv"; }
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check ministack
}

# Installs cfn-lint (with aws-sam-translator) in its own virtual environment under .build/, for the
# test that reads infra/lambda/template.yaml as CloudFormation would; sets SAM_TOOLS_PYTHON.
ensure_sam_tools() {
    local venv="$GATEHOUSE_ROOT/.build/sam-tools-venv"
    SAM_TOOLS_PYTHON="$venv/bin/python"
    "$SAM_TOOLS_PYTHON" -c 'import cfnlint, samtranslator' 2>/dev/null && return 0
    echo "==> installing cfn-lint and aws-sam-translator from PyPI (in $venv)"
    python3 -m venv "$venv" 2>/dev/null || { ensure_debian_packages python3-venv && python3 -m venv "$venv"; }
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check cfn-lint aws-sam-translator
}

# Starts a private redis-server on a unix socket in $1 (a folder); sets REDIS_PID and REDIS_URL.
start_private_redis() {
    local dir=$1
    mkdir -p "$dir"
    redis-server --port 0 --unixsocket "$dir/redis.sock" --unixsocketperm 700 --save '' --appendonly no \
        --dir "$dir" --logfile "$dir/redis.log" --enable-debug-command yes &
    REDIS_PID=$!
    REDIS_URL="unix://$dir/redis.sock"
    for _ in $(seq 1 100); do
        redis-cli -s "$dir/redis.sock" ping >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "redis-server did not start; see $dir/redis.log" >&2
    return 1
}

stop_private_redis() {
    [ -n "${REDIS_PID:-}" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
    REDIS_PID=""
}
