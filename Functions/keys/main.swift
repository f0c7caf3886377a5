import GatehouseCore

FunctionMain.run(KeyRoutes.table, function: "keys")
