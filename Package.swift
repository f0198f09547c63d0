// swift-tools-version: 6.2
import PackageDescription

// Layers, bottom to top:
//   HDL          DSL front end -> IR -> checks/passes -> Verilog backend (no dependencies)
//   HDLSim       simulator backends (Verilator, Icarus) and lint tools, driven as child processes
//   HDLExamples  example circuits written in the DSL (counter, leading-one detector, MAC, FIFO, ...)
//   SortingNetworks  comparator networks as data: families, pruning to top k, 0-1 proofs (no dependencies)
//   SOFA         the SOFA accelerator generators (DLZS predictor, arithmetic units, SADS top-k, ...)
//   SOFAModel    bit-accurate golden models, written from the spec independently of the generators
//   NumpyFormat  .npy arrays (int8, float16, float32) read and written without numpy
//   BlockCatalog the blocks the command line offers, with their parameters and figures
//   AttentionRuntime  runs heads through the generated attention core on a simulator (the host's side of its interface)
//   Sweep        parameter sweeps: points, shards, synthesis per point, resumable records, CSV/Markdown/SVG
//   sofa-gen     the command-line generator; sofa-bench the benchmarks
let package = Package(
    name: "sofa-rtl",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "HDL", targets: ["HDL"]),
        .library(name: "HDLSim", targets: ["HDLSim"]),
        .library(name: "SOFA", targets: ["SOFA"]),
        .library(name: "SOFAModel", targets: ["SOFAModel"]),
        .library(name: "SortingNetworks", targets: ["SortingNetworks"]),
        .library(name: "NumpyFormat", targets: ["NumpyFormat"]),
        .executable(name: "sofa-gen", targets: ["sofa-gen"]),
        .executable(name: "sofa-bench", targets: ["sofa-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .target(name: "HDL"),
        .target(
            name: "HDLSim",
            dependencies: [
                "HDL",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(name: "HDLExamples", dependencies: ["HDL"]),
        .target(name: "SortingNetworks"),
        .target(name: "SOFA", dependencies: ["HDL", "SortingNetworks"]),
        .target(name: "SOFAModel"),
        .target(name: "NumpyFormat"),
        .target(name: "BlockCatalog", dependencies: ["HDL", "HDLExamples", "SOFA", "SortingNetworks"]),
        .target(name: "Sweep", dependencies: ["HDL", "HDLSim", "BlockCatalog"]),
        .target(name: "AttentionRuntime", dependencies: ["HDL", "HDLSim", "SOFA", "SOFAModel"]),
        .executableTarget(
            name: "sofa-gen",
            dependencies: ["HDL", "HDLSim", "BlockCatalog", "Sweep", "SortingNetworks", "SOFAModel", "NumpyFormat", "SOFA",
                           "AttentionRuntime", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "sofa-bench",
            dependencies: ["HDL", "HDLSim", "HDLExamples", "SOFA", "SOFAModel", "SortingNetworks", "NumpyFormat", "BlockCatalog",
                           "AttentionRuntime", "Sweep",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "HDLTests", dependencies: ["HDL", "HDLSim"]),
        .testTarget(name: "HDLSimTests", dependencies: ["HDL", "HDLSim"]),
        .testTarget(name: "HDLExamplesTests", dependencies: ["HDL", "HDLSim", "HDLExamples"]),
        .testTarget(name: "BlockCatalogTests", dependencies: ["HDL", "HDLSim", "SOFA", "BlockCatalog"]),
        .testTarget(name: "SweepTests", dependencies: ["HDL", "HDLSim", "BlockCatalog", "Sweep"]),
        .testTarget(name: "SofaGenTests", dependencies: ["HDLSim", "SortingNetworks", "SOFAModel", "NumpyFormat", "sofa-gen"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "SortingNetworksTests", dependencies: ["SortingNetworks", "SOFAModel", "HDLSim"]),
        .testTarget(name: "SOFATests", dependencies: ["HDL", "HDLSim", "SOFA", "SOFAModel", "SortingNetworks", "AttentionRuntime"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "NumpyFormatTests", dependencies: ["NumpyFormat"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SOFAModelTests", dependencies: ["SOFAModel", "HDLSim"], resources: [.copy("Fixtures")]),
    ]
)
