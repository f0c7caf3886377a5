/// Comparisons of secrets whose duration does not depend on where the inputs differ.
public enum ConstantTime {
    /// Whether two byte sequences are equal, in time that depends only on their lengths.
    public static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        var difference: UInt8 = 0
        var right = rhs.makeIterator()
        for byte in lhs {
            // When the lengths differ, compare against the left side itself so the loop still runs.
            let other = right.next() ?? byte
            difference |= byte ^ other
        }
        return difference == 0 && lhs.count == rhs.count
    }

    /// Whether two strings have equal UTF-8 bytes, in constant time.
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        equals(Array(lhs.utf8), Array(rhs.utf8))
    }
}
