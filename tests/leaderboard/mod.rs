//! Leaderboards: the public live board, the hall screen and the organiser's standings.

mod front_door;
mod live;
