//! Leaderboards: the public live board, the hall screen and the organiser's standings.

mod final_screen;
mod front_door;
mod live;
