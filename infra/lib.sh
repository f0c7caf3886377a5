# Shared by infra/run, infra/test and the benchmarks: installing what Gatehouse needs and running a
# private redis-server. Sourced, not executed.

GATEHOUSE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Swift flags for release builds of the functions, dependencies included: concrete type metadata
# through accessors, never looked up by mangled name at run time (each first lookup of a generic
# type checks its conformances by scanning every conformance record of the binary: about 1 M of a
# cold signin's 6.5 M instructions); and one section per function, Swift and C, so that the link can
# put the code a cold request runs together (Functions/startup.order). Package.swift sets both for
# Gatehouse's own targets; this passes them to swift-crypto (BoringSSL's C included) and the rest.
RELEASE_COMPILE_FLAGS=(-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
    -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcc -fdata-sections)
# And no RUNPATH $ORIGIN, which SwiftPM gives every executable: a release function needs no library
# of its own folder (libc and libm only), and with it the loader first looked for each of
# them in some twenty hwcaps and tls subfolders of the executable's folder, about 0.06 ms of every
# cold start (infra/bench/RESULTS.md). infra/lambda/build adds $ORIGIN/lib back for its zips.
RELEASE_SWIFT_FLAGS=("${RELEASE_COMPILE_FLAGS[@]}" --disable-local-rpath)

# The function products Package.swift declares (signin, jwks, …), one per line.
function_products() {
    sed -n 's/^ *("\([a-z]*\)", "[A-Za-z]*Function", .*/\1/p' "$GATEHOUSE_ROOT/Package.swift"
}

# Readies SCRATCH ($1, a --scratch-path) for a release build with RELEASE_SWIFT_FLAGS. SwiftPM does
# not recompile a Swift module when only -Xswiftc/-Xcc flags change, so a folder built with other
# compile flags (RELEASE_COMPILE_FLAGS; a changed link flag only relinks) starts over (its release
# products only; the package checkouts stay); and it does not know that the linker reads
# Functions/startup.order, so the function executables are removed (and relinked by the build)
# whenever that file changed since they were linked.
prepare_release_scratch() {
    local scratch=$1 flags="${RELEASE_COMPILE_FLAGS[*]}" order="$GATEHOUSE_ROOT/Functions/startup.order"
    mkdir -p "$scratch"
    if [ "$(cat "$scratch/gatehouse-release-flags" 2>/dev/null)" != "$flags" ]; then
        rm -rf "$scratch/release" "$scratch"/*-unknown-linux-gnu/release
        printf '%s' "$flags" > "$scratch/gatehouse-release-flags"
    fi
    if ! cmp -s "$order" "$scratch/gatehouse-startup.order"; then
        local product
        for product in $(function_products) floor floor-toolchain lambda-floor; do
            rm -f "$scratch"/*-unknown-linux-gnu/release/"$product"
        done
        cp "$order" "$scratch/gatehouse-startup.order"
    fi
    # A package that depends on this one by path (infra/bench/jose, warm, …) keeps its build plan
    # (description.json) while only files of the dependency changed: a file added to or renamed in
    # Core/ stayed unseen there ("cannot find … in scope") until the plan was made again. Planning
    # again costs a second or two.
    rm -f "$scratch"/release/description.json "$scratch"/*-unknown-linux-gnu/release/description.json
}

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
    python3 -c 'import jwt, joserfc, cryptography, standardwebhooks, selenium' 2>/dev/null && return 0
    echo "==> installing pyjwt, joserfc, cryptography, standardwebhooks and selenium from PyPI"
    python3 -m pip install --quiet --disable-pip-version-check pyjwt joserfc cryptography standardwebhooks selenium \
        2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages pyjwt joserfc \
            cryptography standardwebhooks selenium
}

# Installs PyPI packages in a virtual environment of their own, .build/$1, so their dependencies
# never touch the system's Python packages, unless `import $2` already works there; sets VENV_PYTHON
# to that environment's python. The remaining arguments are the packages.
ensure_python_venv() {
    local venv="$GATEHOUSE_ROOT/.build/$1" modules=$2
    shift 2
    VENV_PYTHON="$venv/bin/python"
    "$VENV_PYTHON" -c "import $modules" 2>/dev/null && return 0
    echo "==> installing $* from PyPI (in $venv)"
    python3 -m venv "$venv" 2>/dev/null || { ensure_debian_packages python3-venv && python3 -m venv "$venv"; }
    "$VENV_PYTHON" -m pip install --quiet --disable-pip-version-check "$@"
}

# Installs ministack (the local AWS emulator the Lambda end-to-end test runs); sets
# MINISTACK_PYTHON to its environment's python.
ensure_ministack() {
    ensure_python_venv ministack-venv ministack ministack
    MINISTACK_PYTHON=$VENV_PYTHON
}

# Installs the OpenAPI tools the tests run against the generated document and a live server
# (openapi-spec-validator, schemathesis); sets OPENAPI_PYTHON to their environment's python.
ensure_openapi_tools() {
    ensure_python_venv openapi-venv "schemathesis, openapi_spec_validator" schemathesis openapi-spec-validator
    OPENAPI_PYTHON=$VENV_PYTHON
}

# cfn-lint with aws-sam-translator (and PyYAML), for the tests that read infra/lambda/template.yaml as
# CloudFormation would and the Kubernetes/OpenFaaS files as their platforms would; sets SAM_TOOLS_PYTHON.
ensure_sam_tools() {
    ensure_python_venv sam-tools-venv "cfnlint, samtranslator, yaml" cfn-lint aws-sam-translator pyyaml
    SAM_TOOLS_PYTHON=$VENV_PYTHON
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

# Starts a private Redis Cluster of 3 primaries and 3 replicas in $1 (a folder) on 127.0.0.1 ports
# $2…$2+5 (cluster buses on $2+50…$2+55: the default, port + 10000, can fall in the ephemeral range
# that outgoing connections take), with a small cluster-node-timeout so that a
# failover takes seconds; sets CLUSTER_PIDS and CLUSTER_URL (a redis-cluster:// seed list).
start_private_cluster() {
    local dir=$1 base=$2 nodes=()
    CLUSTER_PIDS=()
    for port in $(seq "$base" $((base + 5))); do
        mkdir -p "$dir/$port"
        redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf \
            --cluster-port $((port + 50)) \
            --cluster-node-timeout 1000 --save '' --appendonly no --dir "$dir/$port" \
            --logfile "$dir/$port/redis.log" --enable-debug-command yes &
        CLUSTER_PIDS+=($!)
        nodes+=("127.0.0.1:$port")
    done
    for port in $(seq "$base" $((base + 5))); do
        local up=0
        for _ in $(seq 1 100); do
            redis-cli -p "$port" ping >/dev/null 2>&1 && { up=1; break; }
            sleep 0.05
        done
        [ "$up" -eq 1 ] || { echo "redis-server on port $port did not start; see $dir/$port/redis.log" >&2; return 1; }
    done
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$dir/create.log" 2>&1 || {
        echo "redis-cli --cluster create failed; see $dir/create.log" >&2
        return 1
    }
    for _ in $(seq 1 200); do
        local ok=0
        for port in $(seq "$base" $((base + 5))); do
            redis-cli -p "$port" cluster info 2>/dev/null | grep -q "cluster_state:ok" && ok=$((ok + 1))
        done
        [ "$ok" -eq 6 ] && break
        sleep 0.1
    done
    CLUSTER_URL="redis-cluster://$(IFS=,; echo "${nodes[*]}")"
}

stop_private_cluster() {
    for pid in "${CLUSTER_PIDS[@]:-}"; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    CLUSTER_PIDS=()
}

# Starts a private primary (port $2), its replica ($2+1) and three Redis Sentinels ($2+2…$2+4)
# monitoring them as "gatehouse" (quorum 2, down-after 1000 ms, so a failover takes seconds) in $1
# (a folder), on 127.0.0.1; sets SENTINEL_PIDS and SENTINEL_URL (a redis-sentinel:// URL).
start_private_sentinel() {
    local dir=$1 base=$2 sentinels=()
    SENTINEL_PIDS=()
    mkdir -p "$dir/primary" "$dir/replica"
    redis-server --port "$base" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir/primary" \
        --logfile "$dir/primary/redis.log" --enable-debug-command yes &
    SENTINEL_PIDS+=($!)
    redis-server --port $((base + 1)) --bind 127.0.0.1 --save '' --appendonly no --dir "$dir/replica" \
        --logfile "$dir/replica/redis.log" --replicaof 127.0.0.1 "$base" --enable-debug-command yes &
    SENTINEL_PIDS+=($!)
    wait_for_sentinel_setup "replica in sync" \
        "redis-cli -p $((base + 1)) info replication 2>/dev/null | grep -q master_link_status:up" || return 1
    for port in $(seq $((base + 2)) $((base + 4))); do
        mkdir -p "$dir/$port"
        printf '%s\n' "sentinel monitor gatehouse 127.0.0.1 $base 2" "sentinel down-after-milliseconds gatehouse 1000" \
            "sentinel failover-timeout gatehouse 5000" > "$dir/$port/sentinel.conf"
        redis-server "$dir/$port/sentinel.conf" --sentinel --port "$port" --bind 127.0.0.1 --dir "$dir/$port" \
            --logfile "$dir/$port/sentinel.log" &
        SENTINEL_PIDS+=($!)
        sentinels+=("127.0.0.1:$port")
    done
    for port in $(seq $((base + 2)) $((base + 4))); do
        wait_for_sentinel_setup "sentinel $port knows the replica and the other sentinels" \
            "redis-cli -p $port sentinel master gatehouse 2>/dev/null | tr '\n' ' ' | grep -q 'num-slaves 1 .*num-other-sentinels 2'" \
            || return 1
    done
    SENTINEL_URL="redis-sentinel://$(IFS=,; echo "${sentinels[*]}")/gatehouse"
}

# Runs the shell condition $2 until it holds (30 s at most); names $1 when it never does.
wait_for_sentinel_setup() {
    for _ in $(seq 1 300); do
        eval "$2" && return 0
        sleep 0.1
    done
    echo "the private sentinel setup did not get ready: $1" >&2
    return 1
}

stop_private_sentinel() {
    for pid in "${SENTINEL_PIDS[@]:-}"; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    SENTINEL_PIDS=()
}

# The suites `infra/test --cluster` runs against the cluster (every route family that keeps state).
CLUSTER_SUITES="SigninTests|VerifyRoutesTests|VerifyAuthorizerTests|KeyRoutesTests|KeyPurposeTests|RotateRoutesTests"
CLUSTER_SUITES+="|OTPTests|RefreshTests|IdempotencyAuditTests|IdempotencyLostReplyTests|RouteAuditTests"
CLUSTER_SUITES+="|OAuthClientTests|OAuthGrantTests|OAuthTokenTests|OAuthAuthorizePagesTests|SessionAuthenticationTests"
CLUSTER_SUITES+="|ProofTests|ListPaginationTests|PlatformAdminTests"
CLUSTER_SUITES+="|RedisClusterTests|RedisFailoverTests|DurableWriteTests|ClusterRoundTripTests"

# The suites `infra/test --sentinel` runs through a redis-sentinel:// URL: the stateful route
# families, and the sentinel tests (which start their own primary, replica and sentinels).
SENTINEL_SUITES="SigninTests|VerifyRoutesTests|VerifyAuthorizerTests|KeyRoutesTests|KeyPurposeTests|RotateRoutesTests"
SENTINEL_SUITES+="|OTPTests|RefreshTests|IdempotencyAuditTests|RouteAuditTests|OAuthClientTests|OAuthGrantTests"
SENTINEL_SUITES+="|OAuthTokenTests|SessionAuthenticationTests|ProofTests|ListPaginationTests|PlatformAdminTests"
SENTINEL_SUITES+="|RedisSentinelTests"

# Installs everything the test suite needs (infra/test, infra/sanitize).
ensure_test_tools() {
    ensure_debian_packages libhiredis-dev libstdc++-12-dev libcurl4-openssl-dev redis-server redis-tools python3-pip curl \
        lighttpd apache2 nginx fcgiwrap zip binutils chromium chromium-driver
    ensure_python_packages
    ensure_ministack
    ensure_openapi_tools
    ensure_sam_tools
    ensure_authlib
}

# authlib's OAuth2Session (with requests and PyJWT), the OAuth client the end-to-end OAuth tests
# drive Gatehouse with; sets AUTHLIB_PYTHON.
ensure_authlib() {
    ensure_python_venv authlib-venv "authlib, requests, jwt" authlib requests pyjwt cryptography
    AUTHLIB_PYTHON=$VENV_PYTHON
}

# Exports what the tests read: the private redis (start_private_redis first), the executables in
# $1 and the tools' Python interpreters (ensure_test_tools first).
export_test_environment() {
    export GATEHOUSE_TEST_REDIS_URL="$REDIS_URL"
    export GATEHOUSE_BIN_DIR="$1"
    export GATEHOUSE_MINISTACK_PYTHON="$MINISTACK_PYTHON"
    export GATEHOUSE_OPENAPI_PYTHON="$OPENAPI_PYTHON"
    export GATEHOUSE_SAM_TOOLS_PYTHON="$SAM_TOOLS_PYTHON"
    export GATEHOUSE_AUTHLIB_PYTHON="$AUTHLIB_PYTHON"
}
