/// The completed idempotency record a write script stores with its write: KEYS gets ``recordKey``;
/// the script checks that the marker is still `pending` and owned by ``token``, and writes nothing
/// otherwise.
public struct IdempotencyCompletion: Sendable {
    public let recordKey: String
    public let token: String
    public let sealed: [UInt8]
    public let retentionMilliseconds: Int64
}
