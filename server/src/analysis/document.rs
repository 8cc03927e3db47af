//! An open document: its rope, its syntax trees and its outline, updated edit by edit.
