//! Working days in Cianjur: Monday to Friday, minus national holidays and cuti bersama.
