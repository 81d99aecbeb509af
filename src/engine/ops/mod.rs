//! One module per op: forward, local gradient and worked-step text side by side.

pub mod activation;
pub mod add;
pub mod conv;
pub mod linear;
pub mod loss;
