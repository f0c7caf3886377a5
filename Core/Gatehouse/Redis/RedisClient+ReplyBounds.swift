import CHiredis

extension RedisClient {
    /// The most elements one reply array may declare. hiredis allocates an array's element pointers
    /// as soon as it reads the header, so without a bound a 13-byte reply (`*555555551\r\n`) from a
    /// broken or hostile server makes it ask for 4.4 GB at once (found by `FuzzRedisReply`). Larger
    /// arrays are refused as out of memory: the connection fails and the request answers 503. No
    /// Gatehouse command reads more than a page of a list at a time, far below this.
    public static let maximumReplyElements = 1 << 20

    /// hiredis's own reply functions (every reader shares one table).
    nonisolated(unsafe) private static let defaultReplyFunctions: redisReplyObjectFunctions = {
        let reader = redisReaderCreate()!
        defer { redisReaderFree(reader) }
        return reader.pointee.fn.pointee
    }()

    /// hiredis's reply functions, with array creation refused above ``maximumReplyElements``.
    nonisolated(unsafe) private static let boundedReplyFunctions: UnsafeMutablePointer<redisReplyObjectFunctions> = {
        let functions = UnsafeMutablePointer<redisReplyObjectFunctions>.allocate(capacity: 1)
        functions.initialize(to: defaultReplyFunctions)
        functions.pointee.createArray = { task, elements in
            guard elements <= RedisClient.maximumReplyElements else { return nil }
            return RedisClient.defaultReplyFunctions.createArray(task, elements)
        }
        return functions
    }()

    /// Makes `reader` refuse arrays longer than ``maximumReplyElements``.
    static func boundReplies(of reader: UnsafeMutablePointer<redisReader>) {
        reader.pointee.fn = boundedReplyFunctions
    }
}
