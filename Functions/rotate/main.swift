import GatehouseCore

FunctionMain.run(RotateRoutes.table, function: "rotate")
