import GatehouseCore

FunctionMain.run(RefreshRoutes.table, function: "refresh")
