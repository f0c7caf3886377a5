import CHiredis

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A synchronous Redis client over hiredis. The only Gatehouse file that calls the hiredis C API.
///
/// - Connects lazily: nothing happens until the first command, so a function that needs no Redis
///   pays nothing. On connect it sends `AUTH` and `SELECT` (one round trip) when configured.
/// - Timeouts: ``RedisConfiguration/connectTimeout`` bounds connecting; ``RedisConfiguration/commandTimeout``
///   bounds each socket read or write while waiting for replies.
/// - Errors: connection failures, timeouts and unintelligible replies throw a ``RedisError`` with
///   ``RedisError/isUnavailable`` set, and the broken connection is dropped so that the next call
///   connects afresh (a warm process recovers after Redis restarts). Nothing is retried within a
///   call: a command whose reply was lost may have run. Server error replies are thrown by
///   ``command(_:)`` and ``evaluate(_:keys:arguments:)`` and returned in place by the pipelines.
/// - Cluster: with a `redis-cluster://` configuration the client sends each command to the primary
///   of its first key's hash slot, from a slot map it learns from `MOVED` replies and `CLUSTER SLOTS`
///   (fetched in the same round trip as the next commands after a `MOVED`, a broken connection or a
///   `CLUSTERDOWN`/`TRYAGAIN`/`MASTERDOWN` reply). A node that refuses the connection has sent
///   nothing, so the client fetches the map from another node (a replica promoted by a failover now
///   holds the slot) and sends the commands there, once per call. It follows `ASK` (sending `ASKING`
///   first), at most ``maximumRedirects`` redirects per command, and keeps one connection per node.
///   Replies that say Redis cannot serve now (``RedisError/unavailableCodes``) are thrown, by
///   pipelines too, never returned as answers.
/// - Sentinel: with a `redis-sentinel://` configuration the client asks the sentinels in turn
///   (`SENTINEL get-master-addr-by-name`, skipping one that is down or names no such master) for the
///   primary, or reads its address from the configured file, and sends every command there. The
///   first round trip on a new connection starts with `ROLE`: a node that is not the primary (a
///   demoted one, or a stale file) is dropped and the sentinels are asked again, and the commands,
///   which a replica refused or only read, are sent to the primary they name, once per call. A
///   refused connection does the same; a broken connection or a `READONLY` reply fails the call and
///   makes the next one ask the sentinels.
///
/// Threads: a client is not thread-safe. Use one client from one thread (or one task) at a time;
/// give each concurrent worker its own client. It is deliberately not `Sendable`.
///
/// Process-wide effect: the first connection sets `SIGPIPE` to ignored if it still has its default
/// action, so that writing to a connection Redis has closed is an error, not the death of the process.
public final class RedisClient {
    /// How many `MOVED`/`ASK` redirects one command may follow before the call fails.
    public static let maximumRedirects = 5

    /// Where this client connects.
    public let configuration: RedisConfiguration

    /// The open connections, one per node. A list, not a dictionary keyed by endpoint: a client has a
    /// handful at most, and a dictionary's first use costs a cold process a run-time conformance
    /// lookup (`Endpoint: Hashable`) that scans every conformance record of the binary.
    private var connections: [(endpoint: RedisConfiguration.Endpoint, context: UnsafeMutablePointer<redisContext>)] = []
    /// The node commands go to first: the last node that redirected us there, or the first seed.
    private var preferredEndpoint: RedisConfiguration.Endpoint?
    /// Above 0 inside ``durably(_:)``.
    private var durableDepth = 0
    /// Cluster: which primary serves which slot (empty until learned).
    private var slotMap = RedisSlotMap()
    /// Cluster: the slot map file was read (once per client).
    private var slotMapFileRead = false
    /// Cluster: the map the file holds, as last read or written.
    private var slotMapInFile: RedisSlotMap?
    /// Cluster: ask for `CLUSTER SLOTS` in the next round trip (after `MOVED`, a broken connection,
    /// `CLUSTERDOWN`…), so that a failover is followed without an extra round trip.
    private var slotMapWanted = false
    /// Sentinel: the primary, as a sentinel named it (or the address file holds it).
    private var primary: RedisSentinelPrimary
    /// Sentinel: connections whose node has not yet answered `ROLE` as the primary.
    private var unverified: Set<RedisConfiguration.Endpoint> = []

    /// A client for this configuration; it does not connect until the first command.
    public init(configuration: RedisConfiguration) {
        self.configuration = configuration
        primary = RedisSentinelPrimary(file: configuration.slotMapFile)
    }

    deinit {
        close()
    }

    /// True while at least one connection is open.
    public var isConnected: Bool { !connections.isEmpty }

    /// Closes every connection; the next command connects again.
    public func close() {
        for connection in connections { redisFree(connection.context) }
        connections.removeAll()
        unverified.removeAll()
        preferredEndpoint = nil
    }

    // MARK: Commands

    /// Sends one command and returns its reply.
    ///
    /// - Throws: ``RedisError`` of kind ``RedisError/Kind/server`` for an error reply; any other
    ///   kind when Redis could not be used.
    public func command(_ arguments: [RedisArgument]) throws(RedisError) -> RedisReply {
        let reply = try execute([.command(arguments)])[0]
        if case .error(let message) = reply { throw .server(message) }
        return reply
    }

    /// Runs a script with `EVALSHA`; on `NOSCRIPT`, once with `EVAL` (which also loads it).
    ///
    /// - Throws: ``RedisError`` of kind ``RedisError/Kind/server`` for an error reply (including a
    ///   script error); any other kind when Redis could not be used.
    public func evaluate(
        _ script: RedisScript,
        keys: [RedisArgument],
        arguments: [RedisArgument]
    ) throws(RedisError) -> RedisReply {
        let reply = try execute([.script(script, keys: keys, arguments: arguments)])[0]
        if case .error(let message) = reply { throw .server(message) }
        return reply
    }

    /// Sends several commands in one round trip and returns their replies in order.
    ///
    /// Error replies are returned in place as ``RedisReply/error(_:)``; the call throws only when
    /// Redis could not be used.
    public func pipeline(_ commands: [[RedisArgument]]) throws(RedisError) -> [RedisReply] {
        try execute(commands.map(RedisCommand.command))
    }

    /// Sends plain commands and script evaluations in one round trip and returns their replies in
    /// order.
    ///
    /// Elements run in order: later elements see the effects of earlier ones. A script goes as
    /// `EVALSHA`; when it is the last element and Redis answers `NOSCRIPT`, it alone is re-sent as
    /// `EVAL` in a second round trip. A script followed by other elements is preceded by
    /// `SCRIPT LOAD` in the same round trip (its source costs bytes, not a round trip), because
    /// re-sending it after the elements behind it had run would reorder them. So put scripts last on
    /// hot paths. Error replies are returned in place; the call throws only when Redis could not be
    /// used.
    public func pipeline(_ commands: [RedisCommand]) throws(RedisError) -> [RedisReply] {
        try execute(commands)
    }

    /// Runs `body` with every command it sends followed, when the configuration asks for durable
    /// writes (``RedisConfiguration/DurableWrites/replica``), by `WAIT 1 <timeout>` on the same
    /// connection in the same round trip; a node whose replicas do not confirm fails the call as
    /// unavailable (`NOREPLICAS`). Without that setting, `body` runs as it is.
    public func durably<Value, Failure: Error>(_ body: () throws(Failure) -> Value) throws(Failure) -> Value {
        durableDepth += 1
        defer { durableDepth -= 1 }
        return try body()
    }

    /// True while commands must wait for a replica.
    private var waitsForReplica: Bool { durableDepth > 0 && configuration.durableWrites == .replica }

    // MARK: Execution

    private struct Attempt {
        let index: Int
        var arguments: [RedisArgument]
        var target: RedisConfiguration.Endpoint?
        var asking = false
        /// Send `SCRIPT LOAD` just before the `EVALSHA`, so it cannot miss (see `pipeline`).
        var preload = false
        var redirects = 0
        var triedEval = false
    }

    /// What sending one group of attempts to one node came to.
    private enum Outcome {
        /// The node answered: the replies of the group's wire commands (without the client's own
        /// `ROLE`, `WAIT` and `CLUSTER SLOTS`).
        case answered(RedisConfiguration.Endpoint, [RedisReply])
        /// Nothing ran on a primary: `endpoint` refused the connection, or it is not the primary.
        case unsent(RedisConfiguration.Endpoint, RedisError)
    }

    /// The commands of one round trip to one node, with the client's own additions around them.
    private struct Wire {
        var commands: [[RedisArgument]] = []
        /// Sentinel: `ROLE` first, on a connection whose node has not yet shown it is the primary.
        var checksRole = false
        /// `WAIT 1 <timeout>` after the attempts (durable writes).
        var waits = false
        /// `CLUSTER SLOTS` last.
        var asksForSlots = false

        /// Where the attempts' own replies lie among all the replies.
        var attemptReplies: Range<Int> {
            (checksRole ? 1 : 0)..<(commands.count - (waits ? 1 : 0) - (asksForSlots ? 1 : 0))
        }
    }

    private func execute(_ commands: [RedisCommand]) throws(RedisError) -> [RedisReply] {
        var replies = [RedisReply?](repeating: nil, count: commands.count)
        var pending = firstAttempts(of: commands, refusing: &replies)
        var rerouted = false
        while !pending.isEmpty {
            var retries: [Attempt] = []
            for (target, group) in groupedByTarget(pending) {
                switch try send(group, of: commands, to: target) {
                case .answered(let endpoint, let raw):
                    retries += try settle(group, with: raw, from: endpoint, of: commands, into: &replies)
                case .unsent(let failed, let error):
                    // Nothing ran, so sending it where the topology now points (after a failover) is safe; once.
                    guard !rerouted, let moved = reroute(group, away: failed) else { throw error }
                    rerouted = true
                    retries += moved
                }
            }
            pending = retries
        }
        return try failingWhenUnwell(replies.map { $0 ?? .null })
    }

    /// One attempt per command, routed; commands refused before sending get their reply in `replies`.
    private func firstAttempts(of commands: [RedisCommand], refusing replies: inout [RedisReply?]) -> [Attempt] {
        var pending: [Attempt] = []
        for (index, command) in commands.enumerated() {
            let arguments = command.firstAttempt
            if arguments.isEmpty {
                // Redis never answers an empty command; refuse it here instead of waiting for a timeout.
                replies[index] = .error("ERR empty command")
            } else if !command.keysShareOneSlot {
                // What a cluster would answer; refused on one Redis too, so no script can work there only.
                replies[index] = .error("CROSSSLOT Keys in request don't hash to the same slot")
            } else {
                var attempt = Attempt(index: index, arguments: arguments)
                attempt.target = route(arguments, after: pending.last?.target)
                attempt.preload = command.evalFallback != nil && index < commands.count - 1
                pending.append(attempt)
            }
        }
        return pending
    }

    /// Sends a group to its node (for Sentinel, the primary) in one round trip.
    private func send(
        _ group: [Attempt], of commands: [RedisCommand], to target: RedisConfiguration.Endpoint?
    ) throws(RedisError) -> Outcome {
        var destination = target
        if destination == nil, case .sentinel = configuration.mode { destination = try sentinelPrimary() }
        let endpoint: RedisConfiguration.Endpoint
        let context: UnsafeMutablePointer<redisContext>
        do {
            (endpoint, context) = try connection(for: destination)
        } catch {
            guard let destination else { throw error }
            return .unsent(destination, error)
        }
        let wire = self.wire(for: group, of: commands, to: endpoint)
        let raw = try roundTrip(wire.commands, on: context, endpoint: endpoint)
        if wire.checksRole {
            guard RedisSentinelPrimary.isPrimary(roleReply: raw[0]) else {
                dropPrimary(endpoint)
                return .unsent(endpoint, .connection("\(endpoint) is not the primary (ROLE), as a sentinel named it"))
            }
            unverified.remove(endpoint)
        }
        if wire.asksForSlots, let map = RedisSlotMap(clusterSlots: raw[raw.count - 1], answering: endpoint) {
            learn(map)
        }
        if wire.waits, (raw[wire.attemptReplies.upperBound].integerValue ?? 0) < 1 {
            throw .server("NOREPLICAS no replica of \(endpoint) confirmed the write in time")
        }
        return .answered(endpoint, Array(raw[wire.attemptReplies]))
    }

    /// The group's commands as sent: `SCRIPT LOAD` and `ASKING` where an attempt needs them, and the
    /// client's own `ROLE`, `WAIT` and `CLUSTER SLOTS` when wanted.
    private func wire(
        for group: [Attempt], of commands: [RedisCommand], to endpoint: RedisConfiguration.Endpoint
    ) -> Wire {
        var wire = Wire()
        wire.checksRole = unverified.contains(endpoint)
        if wire.checksRole { wire.commands.append(["ROLE"]) }
        for attempt in group {
            if attempt.preload, case .script(let script, _, _) = commands[attempt.index] {
                wire.commands.append(["SCRIPT", "LOAD", .string(script.source)])
            }
            if attempt.asking { wire.commands.append(["ASKING"]) }
            wire.commands.append(attempt.arguments)
        }
        // WAIT covers every write this connection sent before it: one per node and round trip.
        wire.waits = waitsForReplica
        if wire.waits { wire.commands.append(["WAIT", 1, RedisArgument(configuration.replicaWaitMilliseconds)]) }
        // A slot map wanted rides along at the end of a round trip that is made anyway.
        wire.asksForSlots = slotMapWanted
        if wire.asksForSlots {
            wire.commands.append(["CLUSTER", "SLOTS"])
            slotMapWanted = false
        }
        return wire
    }

    /// Files each attempt's reply, or returns the attempts to send again: redirected by `MOVED`/`ASK`,
    /// or re-sent as `EVAL` after `NOSCRIPT`.
    private func settle(
        _ group: [Attempt], with raw: [RedisReply], from endpoint: RedisConfiguration.Endpoint,
        of commands: [RedisCommand], into replies: inout [RedisReply?]
    ) throws(RedisError) -> [Attempt] {
        var retries: [Attempt] = []
        var position = 0
        for var attempt in group {
            if attempt.preload { position += 1 }
            if attempt.asking { position += 1 }
            let reply = raw[position]
            position += 1
            guard case .error(let message) = reply else {
                replies[attempt.index] = reply
                continue
            }
            if configuration.mode == .cluster, let redirect = RedisRedirect(errorMessage: message) {
                try follow(redirect, from: endpoint, with: &attempt)
                retries.append(attempt)
            } else if message.hasPrefix("NOSCRIPT"), !attempt.triedEval, let eval = commands[attempt.index].evalFallback
            {
                attempt.arguments = eval
                attempt.triedEval = true
                attempt.preload = false
                attempt.target = endpoint
                retries.append(attempt)
            } else {
                replies[attempt.index] = reply
            }
        }
        return retries
    }

    /// Points an attempt at the node a redirect names; a `MOVED` also updates the slot map.
    private func follow(
        _ redirect: RedisRedirect, from endpoint: RedisConfiguration.Endpoint, with attempt: inout Attempt
    ) throws(RedisError) {
        attempt.redirects += 1
        guard attempt.redirects <= Self.maximumRedirects else {
            throw .protocol("more than \(Self.maximumRedirects) cluster redirects for one command")
        }
        let next = redirect.endpoint(answering: endpoint)
        if redirect.kind == .moved {
            preferredEndpoint = next
            slotMap.assign(slot: redirect.slot, to: next)
            slotMapWanted = true
        }
        attempt.target = next
        attempt.asking = redirect.kind == .ask
    }

    /// The replies, unless one says Redis cannot serve now (``RedisError/unavailableCodes``:
    /// `CLUSTERDOWN`, `TRYAGAIN`, `MASTERDOWN`, `LOADING`…): then that error, so that no caller
    /// mistakes it for an answer. On a cluster the slot map is then fetched again with the next
    /// round trip, as the topology may be changing; with Sentinel, `READONLY` sends the next call
    /// to the sentinels.
    private func failingWhenUnwell(_ replies: [RedisReply]) throws(RedisError) -> [RedisReply] {
        for reply in replies {
            guard let message = reply.errorMessage else { continue }
            let error = RedisError.server(message)
            guard error.isUnavailable else { continue }
            slotMapWanted = configuration.mode == .cluster
            // A demoted primary answers writes with READONLY: ask the sentinels again next time.
            if error.errorClass == "READONLY", case .sentinel = configuration.mode, let demoted = primary.endpoint {
                dropPrimary(demoted)
            }
            throw error
        }
        return replies
    }

    // MARK: Cluster routing

    /// The node a command goes to first: its key's primary when the slot map knows it; a keyless
    /// command (`WAIT`, `SCRIPT LOAD`) goes with the command before it; nil means "the preferred node".
    private func route(
        _ arguments: [RedisArgument], after previous: RedisConfiguration.Endpoint?
    ) -> RedisConfiguration.Endpoint? {
        guard configuration.mode == .cluster else { return nil }
        guard let key = RedisKeySlot.firstKey(of: arguments) else { return previous }
        if slotMap.isEmpty {
            readSlotMapFile()
            // Still nothing known: the first round trip brings the whole map along.
            if slotMap.isEmpty { slotMapWanted = true }
        }
        return slotMap.endpoint(forSlot: RedisKeySlot.slot(of: key))
    }

    /// After `failed` refused a connection (or, with Sentinel, turned out not to be the primary):
    /// the group routed by a slot map fetched from another node, or sent to the primary a sentinel
    /// names now; nil when no node answers or the topology still names `failed` (the failover has
    /// not happened yet; the caller then fails as unavailable).
    private func reroute(_ group: [Attempt], away failed: RedisConfiguration.Endpoint) -> [Attempt]? {
        if case .sentinel = configuration.mode {
            dropPrimary(failed)
            guard let next = try? discoverPrimary(), next != failed else { return nil }
            return group  // no target: they go to the primary
        }
        guard configuration.mode == .cluster, refreshSlotMap(avoiding: failed) else { return nil }
        var moved: [Attempt] = []
        for var attempt in group {
            attempt.target = route(attempt.arguments, after: moved.last?.target)
            guard attempt.target != failed else { return nil }
            attempt.asking = false
            moved.append(attempt)
        }
        return moved
    }

    /// The slot map the configured file holds, if any (a missing or damaged file is ignored).
    private func readSlotMapFile() {
        guard !slotMapFileRead, let path = configuration.slotMapFile else { return }
        slotMapFileRead = true
        guard let bytes = SystemAccess.readFile(path, limit: 1 << 20),
            let map = RedisSlotMap(text: String(decoding: bytes, as: UTF8.self))
        else { return }
        slotMap = map
        slotMapInFile = map
    }

    /// Takes a map fetched from the cluster, and keeps it in the configured file when it changed.
    private func learn(_ map: RedisSlotMap) {
        slotMap = map
        guard let path = configuration.slotMapFile, map != slotMapInFile else { return }
        if SystemAccess.replaceFile(path, with: Array(map.text.utf8)) { slotMapInFile = map }
    }

    /// Fetches `CLUSTER SLOTS` from the first node that answers (known primaries and replicas, then
    /// the seeds), never `avoiding`. True when the map was replaced.
    private func refreshSlotMap(avoiding: RedisConfiguration.Endpoint) -> Bool {
        var candidates: [RedisConfiguration.Endpoint] = []
        for endpoint in slotMap.nodes + slotMap.replicas + configuration.endpoints
        where endpoint != avoiding && !candidates.contains(endpoint) {
            candidates.append(endpoint)
        }
        for endpoint in candidates {
            guard let context = try? connection(for: endpoint).1,
                let reply = try? roundTrip([["CLUSTER", "SLOTS"]], on: context, endpoint: endpoint).first,
                let map = RedisSlotMap(clusterSlots: reply, answering: endpoint)
            else { continue }
            learn(map)
            if preferredEndpoint == avoiding { preferredEndpoint = nil }
            return true
        }
        return false
    }

    /// Attempts grouped by target node, in first-seen order; nil means "the preferred node".
    private func groupedByTarget(
        _ attempts: [Attempt]
    ) -> [(RedisConfiguration.Endpoint?, [Attempt])] {
        var groups: [(RedisConfiguration.Endpoint?, [Attempt])] = []
        for attempt in attempts {
            if let position = groups.firstIndex(where: { $0.0 == attempt.target }) {
                groups[position].1.append(attempt)
            } else {
                groups.append((attempt.target, [attempt]))
            }
        }
        return groups
    }

    // MARK: Sentinel

    /// The primary to send to: the one known (learned, or read from the address file), else the
    /// one the sentinels name now.
    private func sentinelPrimary() throws(RedisError) -> RedisConfiguration.Endpoint {
        if let known = primary.known() { return known }
        return try discoverPrimary()
    }

    /// Asks each sentinel in turn for the primary's address (`SENTINEL get-master-addr-by-name`);
    /// the first that names one wins. A sentinel that is down, or names no such master, is skipped.
    ///
    /// - Throws: ``RedisError/Kind/connection`` (unavailable) when no sentinel names a primary.
    private func discoverPrimary() throws(RedisError) -> RedisConfiguration.Endpoint {
        guard case .sentinel(let master) = configuration.mode else { throw .protocol("not a sentinel configuration") }
        var failures: [String] = []
        for sentinel in configuration.endpoints {
            do {
                if let address = try askSentinel(sentinel, master: master) {
                    primary.learn(address)
                    return address
                }
                failures.append("\(sentinel) knows no master named '\(master)'")
            } catch {
                failures.append(error.detail)
            }
        }
        throw .connection("no sentinel named a primary (\(failures.joined(separator: "; ")))")
    }

    /// The address one sentinel gives for `master`, or nil when it monitors no master of that name.
    /// Sentinel connections are not kept: a warm process asks again only after a failure.
    private func askSentinel(
        _ sentinel: RedisConfiguration.Endpoint, master: String
    ) throws(RedisError) -> RedisConfiguration.Endpoint? {
        let context = try open(sentinel)
        defer { redisFree(context) }
        let question: [RedisArgument] = ["SENTINEL", "get-master-addr-by-name", .string(master)]
        let reply = try Self.exchange([question], on: context, endpoint: sentinel)[0]
        if case .error(let message) = reply {
            throw .connection(
                "\(sentinel) refused SENTINEL get-master-addr-by-name (\(RedisError.errorCode(of: message)))")
        }
        guard !reply.isNull else { return nil }
        guard let address = RedisSentinelPrimary.endpoint(sentinelReply: reply) else {
            throw .protocol("\(sentinel) answered SENTINEL get-master-addr-by-name with something else than an address")
        }
        return address
    }

    /// Closes the connection to a node that failed as the primary and forgets it.
    private func dropPrimary(_ endpoint: RedisConfiguration.Endpoint) {
        if let context = openConnection(to: endpoint) { redisFree(context) }
        connections.removeAll { $0.endpoint == endpoint }
        unverified.remove(endpoint)
        primary.forget()
    }

    // MARK: Connections

    private func connection(
        for target: RedisConfiguration.Endpoint?
    ) throws(RedisError) -> (RedisConfiguration.Endpoint, UnsafeMutablePointer<redisContext>) {
        if let target {
            if let context = openConnection(to: target) { return (target, context) }
            return (target, try connect(target))
        }
        if let preferred = preferredEndpoint, let context = openConnection(to: preferred) { return (preferred, context) }
        var candidates = configuration.endpoints
        if let preferred = preferredEndpoint {
            candidates.removeAll { $0 == preferred }
            candidates.insert(preferred, at: 0)
        }
        var firstError: RedisError?
        for endpoint in candidates {
            do {
                let context = try connection(for: endpoint).1
                preferredEndpoint = endpoint
                return (endpoint, context)
            } catch {
                firstError = firstError ?? error
            }
        }
        throw firstError ?? .connection("no Redis endpoint configured")
    }

    private func openConnection(to endpoint: RedisConfiguration.Endpoint) -> UnsafeMutablePointer<redisContext>? {
        connections.first { $0.endpoint == endpoint }?.context
    }

    /// A new connection to `endpoint`, authenticated and on the configured database, kept for reuse.
    private func connect(
        _ endpoint: RedisConfiguration.Endpoint
    ) throws(RedisError) -> UnsafeMutablePointer<redisContext> {
        let context = try open(endpoint)
        do {
            try prepare(context, endpoint: endpoint)
        } catch {
            redisFree(context)
            throw error
        }
        connections.removeAll { $0.endpoint == endpoint }
        connections.append((endpoint, context))
        if case .sentinel = configuration.mode { unverified.insert(endpoint) }
        return context
    }

    /// A new connection with its timeouts set, neither authenticated nor kept.
    private func open(
        _ endpoint: RedisConfiguration.Endpoint
    ) throws(RedisError) -> UnsafeMutablePointer<redisContext> {
        Self.ignoreBrokenPipeSignal()
        let timeout = Self.timeoutValue(configuration.connectTimeout)
        let started = ContinuousClock.now
        errno = 0
        let opened: UnsafeMutablePointer<redisContext>?
        switch endpoint {
        case .tcp(let host, let port): opened = redisConnectWithTimeout(host, Int32(port), timeout)
        case .unix(let path): opened = redisConnectUnixWithTimeout(path, timeout)
        }
        let savedErrno = errno
        guard let context = opened else { throw .connection("\(endpoint): could not allocate a connection") }
        if context.pointee.err != 0 {
            let timedOut = ContinuousClock.now - started >= configuration.connectTimeout
            let error = Self.failure(
                of: context, errno: savedErrno, endpoint: endpoint, phase: "connect", timedOut: timedOut)
            redisFree(context)
            throw error
        }
        // hiredis does not open sockets close-on-exec; a process we spawn (CGI) must not inherit them.
        _ = fcntl(context.pointee.fd, F_SETFD, FD_CLOEXEC)
        Self.boundReplies(of: context.pointee.reader)
        guard redisSetTimeout(context, Self.timeoutValue(configuration.commandTimeout)) == REDIS_OK else {
            redisFree(context)
            throw .connection("\(endpoint): could not set the command timeout")
        }
        return context
    }

    /// `AUTH` and `SELECT` as configured, in one round trip (none when neither is configured).
    private func prepare(
        _ context: UnsafeMutablePointer<redisContext>, endpoint: RedisConfiguration.Endpoint
    ) throws(RedisError) {
        var setup: [[RedisArgument]] = []
        if let password = configuration.password {
            if let username = configuration.username {
                setup.append(["AUTH", .string(username), .string(password)])
            } else {
                setup.append(["AUTH", .string(password)])
            }
        }
        if configuration.database != 0 { setup.append(["SELECT", RedisArgument(configuration.database)]) }
        guard !setup.isEmpty else { return }
        let replies = try Self.exchange(setup, on: context, endpoint: endpoint)
        for (position, reply) in replies.enumerated() {
            guard case .error(let message) = reply else { continue }
            let step = configuration.password != nil && position == 0 ? "authentication failed" : "SELECT failed"
            throw .connection("\(endpoint): \(step) (\(RedisError.errorCode(of: message)))")
        }
    }

    /// Sends commands and reads their replies; drops the connection on any transport failure.
    private func roundTrip(
        _ commands: [[RedisArgument]],
        on context: UnsafeMutablePointer<redisContext>,
        endpoint: RedisConfiguration.Endpoint
    ) throws(RedisError) -> [RedisReply] {
        do {
            return try Self.exchange(commands, on: context, endpoint: endpoint)
        } catch {
            redisFree(context)
            connections.removeAll { $0.endpoint == endpoint }
            if preferredEndpoint == endpoint { preferredEndpoint = nil }
            slotMapWanted = configuration.mode == .cluster
            if case .sentinel = configuration.mode, primary.endpoint == endpoint { dropPrimary(endpoint) }
            throw error
        }
    }

    // MARK: hiredis

    /// Appends every command, then reads one reply per command: one write, one round trip.
    private static func exchange(
        _ commands: [[RedisArgument]],
        on context: UnsafeMutablePointer<redisContext>,
        endpoint: RedisConfiguration.Endpoint
    ) throws(RedisError) -> [RedisReply] {
        guard append(commands, to: context) == REDIS_OK else {
            throw failure(of: context, errno: errno, endpoint: endpoint, phase: "send", timedOut: false)
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            errno = 0
            let status = redisGetReply(context, &raw)
            let savedErrno = errno
            guard status == REDIS_OK, let raw else {
                throw failure(of: context, errno: savedErrno, endpoint: endpoint, phase: "reply", timedOut: false)
            }
            defer { freeReplyObject(raw) }
            replies.append(try reply(from: raw.assumingMemoryBound(to: redisReply.self)))
        }
        return replies
    }

    /// Appends `commands`, already in the Redis protocol (``RedisArgument/encode(_:)``), to the
    /// connection's output buffer in one piece; hiredis writes it with the first read of a reply.
    private static func append(_ commands: [[RedisArgument]], to context: UnsafeMutablePointer<redisContext>) -> Int32 {
        guard !commands.isEmpty else { return REDIS_OK }
        let encoded = RedisArgument.encode(commands)
        return encoded.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                redisAppendFormattedCommand(context, text.baseAddress, text.count)
            }
        }
    }

    /// The ``RedisReply`` of one hiredis reply object (its elements converted recursively).
    static func reply(from raw: UnsafePointer<redisReply>) throws(RedisError) -> RedisReply {
        let reply = raw.pointee
        func bytes() -> [UInt8] {
            guard let text = reply.str, reply.len > 0 else { return [] }
            return Array(UnsafeRawBufferPointer(start: text, count: reply.len))
        }
        func elements() throws(RedisError) -> [RedisReply] {
            var result: [RedisReply] = []
            result.reserveCapacity(reply.elements)
            for position in 0..<reply.elements {
                guard let element = reply.element[position] else {
                    result.append(.null)
                    continue
                }
                result.append(try Self.reply(from: element))
            }
            return result
        }
        switch reply.type {
        case REDIS_REPLY_STRING: return .string(bytes())
        case REDIS_REPLY_STATUS: return .status(String(decoding: bytes(), as: UTF8.self))
        case REDIS_REPLY_ERROR: return .error(String(decoding: bytes(), as: UTF8.self))
        case REDIS_REPLY_INTEGER: return .integer(Int64(reply.integer))
        case REDIS_REPLY_NIL: return .null
        case REDIS_REPLY_ARRAY: return .array(try elements())
        // RESP3 types of newer hiredis releases (not produced over RESP2, which Gatehouse speaks).
        case 9, 10, 12: return .array(try elements())  // map, set, push
        case 7, 13, 14: return .string(bytes())  // double, big number, verbatim string
        case 8: return .integer(Int64(reply.integer))  // boolean
        default: throw .protocol("unsupported reply type \(reply.type)")
        }
    }

    /// Turns a context's error into a secret-free ``RedisError`` (hiredis messages are OS errors).
    private static func failure(
        of context: UnsafeMutablePointer<redisContext>,
        errno savedErrno: Int32,
        endpoint: RedisConfiguration.Endpoint,
        phase: String,
        timedOut: Bool
    ) -> RedisError {
        var errstr = context.pointee.errstr
        let text = withUnsafeBytes(of: &errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        switch context.pointee.err {
        case REDIS_ERR_IO:
            if timedOut || [EAGAIN, EWOULDBLOCK, ETIMEDOUT, EINPROGRESS].contains(savedErrno) {
                return .timeout("\(phase) to \(endpoint) timed out")
            }
            return .connection("\(phase) to \(endpoint) failed: \(text)")
        case REDIS_ERR_EOF:
            return .connection("\(endpoint) closed the connection")
        case REDIS_ERR_PROTOCOL:
            return .protocol("\(endpoint): \(text)")
        case REDIS_ERR_OOM:
            return .connection("out of memory talking to \(endpoint)")
        default:
            return .connection("\(phase) to \(endpoint) failed: \(text)")
        }
    }

    private static func timeoutValue(_ duration: Duration) -> timeval {
        let (seconds, attoseconds) = duration.components
        return timeval(tv_sec: .init(seconds), tv_usec: .init(attoseconds / 1_000_000_000_000))
    }

    private static let brokenPipeSignalIgnored: Bool = {
        let previous = signal(SIGPIPE, SIG_IGN)
        if previous != nil {
            // Someone installed a handler (or already ignores it): leave their choice in place.
            signal(SIGPIPE, previous)
        }
        return true
    }()

    private static func ignoreBrokenPipeSignal() {
        _ = brokenPipeSignalIgnored
    }
}
