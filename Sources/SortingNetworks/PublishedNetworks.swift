/// Best-known sorting networks for small n, entered as data (pairs (a, b) with a < b, read as
/// `Comparator(high: a, low: b)`: the preferred element goes to the lower position, so they sort descending).
///
/// Source: Bert Dobbelaere, "List of smallest and fastest sorting networks"
/// (https://bertdobbelaere.github.io/sorting_networks.html), networks as published in the SorterHunter
/// repository (https://github.com/bertdobbelaere/SorterHunter, Networks/Sorters/Sort_<n>_<size>_<depth>.json,
/// commit 133c9298eef96c6e45ced994ab53b059ad0e58dc), one layer per line as there. The 4- and 8-input networks
/// are optimal in both size and depth (Knuth, TAOCP vol. 3, section 5.3.4); 60 comparators for 16 inputs is
/// the size of M. W. Green's 1969 network in Knuth, and depth 9 is optimal for 16 inputs (Bundala et al.,
/// "Optimal-depth sorting networks", 2014). The repository holds one 32-input network, 185 comparators at
/// depth 14 (the figures SOFA-SPEC section 3 quotes); it serves as both the smallest and the fastest.
///
/// Not trusted as typed: the tests prove each one sorts with the 0-1 principle (exhaustively for n <= 16,
/// over reachable sets for n = 32) and check the published size and depth.
enum PublishedNetworks {
    /// `Sort_4_5_3.json`: 5 comparators, depth 3.
    static let sort4: [[(Int, Int)]] = [
        [(0, 2), (1, 3)],
        [(0, 1), (2, 3)],
        [(1, 2)],
    ]

    /// `Sort_8_19_6.json`: 19 comparators, depth 6.
    static let sort8: [[(Int, Int)]] = [
        [(0, 2), (1, 3), (4, 6), (5, 7)],
        [(0, 4), (1, 5), (2, 6), (3, 7)],
        [(0, 1), (2, 3), (4, 5), (6, 7)],
        [(2, 4), (3, 5)],
        [(1, 4), (3, 6)],
        [(1, 2), (3, 4), (5, 6)],
    ]

    /// `Sort_16_60_10.json`: 60 comparators, depth 10 (fewest comparators known for 16 inputs).
    static let sort16Smallest: [[(Int, Int)]] = [
        [(0, 13), (1, 12), (2, 15), (3, 14), (4, 8), (5, 6), (7, 11), (9, 10)],
        [(0, 5), (1, 7), (2, 9), (3, 4), (6, 13), (8, 14), (10, 15), (11, 12)],
        [(0, 1), (2, 3), (4, 5), (6, 8), (7, 9), (10, 11), (12, 13), (14, 15)],
        [(0, 2), (1, 3), (4, 10), (5, 11), (6, 7), (8, 9), (12, 14), (13, 15)],
        [(1, 2), (3, 12), (4, 6), (5, 7), (8, 10), (9, 11), (13, 14)],
        [(1, 4), (2, 6), (5, 8), (7, 10), (9, 13), (11, 14)],
        [(2, 4), (3, 6), (9, 12), (11, 13)],
        [(3, 5), (6, 8), (7, 9), (10, 12)],
        [(3, 4), (5, 6), (7, 8), (9, 10), (11, 12)],
        [(6, 7), (8, 9)],
    ]

    /// `Sort_16_61_9.json`: 61 comparators, depth 9 (optimal depth for 16 inputs).
    static let sort16Fastest: [[(Int, Int)]] = [
        [(0, 5), (1, 4), (2, 12), (3, 13), (6, 7), (8, 9), (10, 15), (11, 14)],
        [(0, 2), (1, 10), (3, 6), (4, 7), (5, 14), (8, 11), (9, 12), (13, 15)],
        [(0, 8), (1, 3), (2, 11), (4, 13), (5, 9), (6, 10), (7, 15), (12, 14)],
        [(0, 1), (2, 4), (3, 8), (5, 6), (7, 12), (9, 10), (11, 13), (14, 15)],
        [(1, 3), (2, 5), (4, 8), (6, 9), (7, 11), (10, 13), (12, 14)],
        [(1, 2), (3, 5), (4, 11), (6, 8), (7, 9), (10, 12), (13, 14)],
        [(2, 3), (4, 5), (6, 7), (8, 9), (10, 11), (12, 13)],
        [(4, 6), (5, 7), (8, 10), (9, 11)],
        [(3, 4), (5, 6), (7, 8), (9, 10), (11, 12)],
    ]

    /// `Sort_32_185_14.json`: 185 comparators, depth 14.
    static let sort32: [[(Int, Int)]] = [
        [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10, 11), (12, 13), (14, 15), (16, 17), (18, 19), (20, 21), (22, 23), (24, 25), (26, 27), (28, 29), (30, 31)],
        [(0, 2), (1, 3), (4, 6), (5, 7), (8, 10), (9, 11), (12, 14), (13, 15), (16, 18), (17, 19), (20, 22), (21, 23), (24, 26), (25, 27), (28, 30), (29, 31)],
        [(0, 4), (1, 5), (2, 6), (3, 7), (8, 12), (9, 13), (10, 14), (11, 15), (16, 20), (17, 21), (18, 22), (19, 23), (24, 28), (25, 29), (26, 30), (27, 31)],
        [(0, 8), (1, 9), (2, 10), (3, 11), (4, 12), (5, 13), (6, 14), (7, 15), (16, 24), (17, 25), (18, 26), (19, 27), (20, 28), (21, 29), (22, 30), (23, 31)],
        [(0, 16), (1, 8), (2, 4), (3, 12), (5, 10), (6, 9), (7, 14), (11, 13), (15, 31), (17, 24), (18, 20), (19, 28), (21, 26), (22, 25), (23, 30), (27, 29)],
        [(1, 2), (3, 5), (4, 8), (6, 22), (7, 11), (9, 25), (10, 12), (13, 14), (17, 18), (19, 21), (20, 24), (23, 27), (26, 28), (29, 30)],
        [(1, 17), (2, 18), (3, 19), (4, 20), (5, 10), (7, 23), (8, 24), (11, 27), (12, 28), (13, 29), (14, 30), (21, 26)],
        [(3, 17), (4, 16), (5, 21), (6, 18), (7, 9), (8, 20), (10, 26), (11, 23), (13, 25), (14, 28), (15, 27), (22, 24)],
        [(1, 4), (3, 8), (5, 16), (7, 17), (9, 21), (10, 22), (11, 19), (12, 20), (14, 24), (15, 26), (23, 28), (27, 30)],
        [(2, 5), (7, 8), (9, 18), (11, 17), (12, 16), (13, 22), (14, 20), (15, 19), (23, 24), (26, 29)],
        [(2, 4), (6, 12), (9, 16), (10, 11), (13, 17), (14, 18), (15, 22), (19, 25), (20, 21), (27, 29)],
        [(5, 6), (8, 12), (9, 10), (11, 13), (14, 16), (15, 17), (18, 20), (19, 23), (21, 22), (25, 26)],
        [(3, 5), (6, 7), (8, 9), (10, 12), (11, 14), (13, 16), (15, 18), (17, 20), (19, 21), (22, 23), (24, 25), (26, 28)],
        [(3, 4), (5, 6), (7, 8), (9, 10), (11, 12), (13, 14), (15, 16), (17, 18), (19, 20), (21, 22), (23, 24), (25, 26), (27, 28)],
    ]

    /// The published network for `n`, fewest comparators first (`fastest == false`) or fewest layers.
    static func layers(inputs n: Int, fastest: Bool) -> [[(Int, Int)]]? {
        switch n {
        case 4: sort4
        case 8: sort8
        case 16: fastest ? sort16Fastest : sort16Smallest
        case 32: sort32
        default: nil
        }
    }

    /// The sizes with a published network.
    static let availableInputs = [4, 8, 16, 32]
}
