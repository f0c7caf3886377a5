/// Checks on an RSA modulus that the key parser applies before any key is built.
enum RSAModulus {
    /// The primes of the ROCA fingerprint (CVE-2017-15361, Nemec et al. 2017): a modulus made by the
    /// flawed Infineon generator is, modulo each of them, a power of 65537.
    private static let rocaPrimes: [UInt32] = [
        3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107,
        109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
    ]

    /// Whether the big-endian modulus `n` carries the ROCA fingerprint, i.e. its factors are
    /// recoverable. A random modulus passes all 38 residue tests with negligible probability.
    static func hasROCAFingerprint(_ n: [UInt8]) -> Bool {
        rocaPrimes.allSatisfy { prime in
            let residue = n.reduce(UInt32(0)) { ($0 << 8 | UInt32($1)) % prime }
            var power: UInt32 = 1
            for _ in 0..<prime {
                if power == residue { return true }
                power = power * (65_537 % prime) % prime
            }
            return false
        }
    }
}
