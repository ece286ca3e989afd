// The vendored ONNX Runtime sources expect these namespaces in scope (their own build supplies them).
global using System.Reflection;
