// Index of the operation headers; each family lives in its own file under ops/.
#pragma once
