import GatehouseCore

FunctionMain.run(VerifyRoutes.table, function: "verify")
