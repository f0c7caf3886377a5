import GatehouseCore

FunctionMain.run(ProofRoutes.table, function: "proof")
