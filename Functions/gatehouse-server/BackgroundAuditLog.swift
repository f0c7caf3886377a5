import Dispatch
import GatehouseCore
import Logging
import Synchronization

/// Writes the audit records of requests decided without Redis (JWT-only verify) on one background
/// thread with its own connection, so a Redis stall never holds their answers. Holds at most
/// `capacity` records; past that, and for every record Redis refuses, the loss is logged and
/// counted (``AuditLoss``).
final class BackgroundAuditLog: DeferredAuditLog, @unchecked Sendable {
    // @unchecked: `client` is only touched on `queue`, a serial queue.
    private let queue = DispatchQueue(label: "gatehouse.audit")
    private let pending = Atomic<Int>(0)
    private let capacity: Int
    private let redisConfiguration: RedisConfiguration
    private let logger: Logger
    private var client: RedisClient?

    init(redisConfiguration: RedisConfiguration, logger: Logger, capacity: Int = 1000) {
        self.redisConfiguration = redisConfiguration
        self.logger = logger
        self.capacity = capacity
    }

    func offer(_ event: AuditEvent) {
        guard pending.wrappingAdd(1, ordering: .relaxed).newValue <= capacity else {
            pending.wrappingSubtract(1, ordering: .relaxed)
            lost(event, errorClass: "queue_full")
            return
        }
        queue.async { [self] in
            defer { pending.wrappingSubtract(1, ordering: .relaxed) }
            let redis = client ?? RedisClient(configuration: redisConfiguration)
            client = redis
            do {
                try AuditLog.append(event, redis: redis)
            } catch {
                lost(event, errorClass: (error as? RedisError)?.errorClass ?? "\(type(of: error))")
            }
        }
    }

    private func lost(_ event: AuditEvent, errorClass: String) {
        logger.error(
            "audit record lost",
            metadata: [
                "error_class": .string(errorClass), "lost_total": .stringConvertible(AuditLoss.record()),
                "route": .string(event.route), "request_id": .string(event.requestID),
            ])
    }
}
